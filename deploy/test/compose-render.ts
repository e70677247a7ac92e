import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './shutdown-timings';

export const COMPOSE_FILE = path.join(REPO_ROOT, 'compose.yaml');
export const NGINX_TEMPLATES = path.join(REPO_ROOT, 'docker/nginx/templates');

/** Stands in for every secret a static test meets (a file or a variable); long enough for the env schema. */
export const STAND_IN_SECRET = 'static-test-stand-in-secret-0123456789abcdef';
export const readStandIn = () => STAND_IN_SECRET;

export type ComposeService = { environment?: Record<string, string>; stop_grace_period?: string; [key: string]: unknown };

let cache: { services: Record<string, ComposeService> } | undefined;

/**
 * compose.yaml as `docker compose up` reads it, defaults filled in, rendered by the Docker CLI:
 * with an empty env file, so that a developer's .env cannot change what is checked, and stand-ins
 * for secrets a version of the file may require as variables.
 */
export function renderCompose(): { services: Record<string, ComposeService> } {
    if (cache) {
        return cache;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'vendure-compose-'));
    try {
        const envFile = path.join(dir, 'empty.env');
        writeFileSync(envFile, '');
        const standIns = Object.fromEntries(
            ['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD', 'REDIS_PASSWORD'].map(name => [name, STAND_IN_SECRET]),
        );
        const result = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, '--env-file', envFile, 'config', '--format', 'json'], {
            encoding: 'utf8',
            cwd: REPO_ROOT,
            env: { PATH: process.env.PATH, HOME: process.env.HOME, ...standIns },
            timeout: 60_000,
        });
        if (result.error) {
            throw new Error(`the Docker CLI (compose plugin) is needed to render ${COMPOSE_FILE}: ${result.error.message}`);
        }
        if (result.status !== 0) {
            throw new Error(`docker compose config failed:\n${result.stderr}`);
        }
        cache = JSON.parse(result.stdout);
        return cache!;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

function templateFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
        entry.isDirectory() ? templateFiles(path.join(dir, entry.name)) : entry.name.endsWith('.template') ? [path.join(dir, entry.name)] : [],
    );
}

/**
 * The nginx templates as the image's entrypoint renders them (envsubst of `${VAR}`s from the nginx
 * service's environment), with comments removed so that only directives are left to read.
 */
export function nginxTemplates(env: Record<string, string>): Array<{ file: string; text: string }> {
    return templateFiles(NGINX_TEMPLATES).map(file => ({
        file: path.relative(REPO_ROOT, file),
        text: readFileSync(file, 'utf8')
            .replace(/#.*$/gm, '')
            .replace(/\$\{(\w+)\}/g, (whole, name: string) => env[name] ?? whole),
    }));
}
