import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const K8S_DIR = path.resolve(__dirname, '../k8s');

/** `labels`, `patches` without a target kind and `behavior: replace` generators need kustomize 4+. */
const MIN_KUSTOMIZE_MAJOR = 4;

export const KUSTOMIZE_MISSING =
    'No kustomize found: install kustomize (v4 or later) on PATH, or a kubectl that embeds one ' +
    '(`kubectl kustomize`, kubectl 1.21+), or point KUSTOMIZE at the binary. ' +
    "Debian 12's kubernetes-client package is too old (kubectl 1.20, kustomize v2).";

export interface Kustomize {
    command: string;
    args: string[];
    version: string;
}

function run(command: string, args: string[], env = process.env) {
    return spawnSync(command, args, { encoding: 'utf8', env, timeout: 60_000 });
}

function majorOf(version: string): number {
    return Number(/v?(\d+)\./.exec(version)?.[1] ?? NaN);
}

/**
 * The renderer CI has: a standalone kustomize first, else the one built into kubectl. A missing
 * one is an error, never a skip: manifests nobody rendered are manifests nobody checked.
 */
export function findKustomize(env: NodeJS.ProcessEnv = process.env): Kustomize {
    const candidates: Array<() => Kustomize | undefined> = [
        () => {
            const command = env.KUSTOMIZE || 'kustomize';
            const result = run(command, ['version'], env);
            return result.status === 0 ? { command, args: ['build'], version: result.stdout.trim() } : undefined;
        },
        () => {
            const result = run('kubectl', ['version', '--client', '-o', 'json'], env);
            if (result.status !== 0) {
                return undefined;
            }
            const version = String(JSON.parse(result.stdout).kustomizeVersion ?? '');
            return { command: 'kubectl', args: ['kustomize'], version };
        },
    ];
    for (const candidate of candidates) {
        const found = candidate();
        if (found && majorOf(found.version) >= MIN_KUSTOMIZE_MAJOR) {
            return found;
        }
        if (found) {
            throw new Error(`${KUSTOMIZE_MISSING} Found only ${found.command} with kustomize ${found.version}.`);
        }
    }
    throw new Error(KUSTOMIZE_MISSING);
}

export function kustomizeBuild(dir: string, kustomize = findKustomize()): string {
    const result = run(kustomize.command, [...kustomize.args, dir]);
    if (result.error) {
        throw result.error;
    }
    if (result.status !== 0) {
        throw new Error(`${kustomize.command} ${kustomize.args.join(' ')} ${dir} failed:\n${result.stderr}`);
    }
    return result.stdout;
}

/** What an operator writes before deploying; random, so no test can depend on a value. */
export const SECRET_KEYS = ['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD', 'REDIS_PASSWORD'] as const;

/**
 * The four, and every further key the overlay's settings read as a file from the Secret
 * (`NAME_FILE=/run/secrets/vendure/KEY`, as overlays/s3 does for the S3 key pair).
 */
export function operatorSecrets(overlay?: string): Record<string, string> {
    const settings = overlay ? path.join(K8S_DIR, 'overlays', overlay, 'settings.env') : undefined;
    const named = settings && existsSync(settings) ? [...readFileSync(settings, 'utf8').matchAll(/^\w+_FILE=\/run\/secrets\/vendure\/(\w+)$/gm)].map(m => m[1]) : [];
    return Object.fromEntries([...new Set([...SECRET_KEYS, ...named])].map(key => [key, randomBytes(32).toString('base64url')]));
}

/**
 * Renders an overlay the way an operator does: in a copy of deploy/k8s with secrets.env written
 * beside the overlay (or, without `secrets`, absent even if a developer has one in the work tree),
 * so the repository never holds a real secret, not even a test one.
 */
export function buildOverlay(overlay: string, secrets?: Record<string, string>): string {
    const copy = mkdtempSync(path.join(tmpdir(), 'vendure-k8s-'));
    try {
        cpSync(K8S_DIR, copy, { recursive: true });
        const file = path.join(copy, 'overlays', overlay, 'secrets.env');
        rmSync(file, { force: true });
        if (secrets) {
            const lines = Object.entries(secrets).map(([key, value]) => `${key}=${value}`);
            writeFileSync(file, `${lines.join('\n')}\n`);
        }
        return kustomizeBuild(path.join(copy, 'overlays', overlay));
    } finally {
        rmSync(copy, { recursive: true, force: true });
    }
}
