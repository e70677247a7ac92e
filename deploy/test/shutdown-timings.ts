import { spawnSync } from 'node:child_process';
import path from 'node:path';

import type { AppEnv } from './app-env';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const ECOSYSTEM_FILE = path.join(REPO_ROOT, 'docker/ecosystem.config.cjs');

export type ShutdownRole = 'server' | 'worker';

/**
 * What a role waits for after SIGTERM, as the role runners do it (packages/cluster/src/roles):
 * a server drains, serves its grace period and lingers; a worker only finishes its jobs.
 */
export function roleTimings(role: ShutdownRole, env: Pick<AppEnv, 'SHUTDOWN_DRAIN_DELAY_MS' | 'SHUTDOWN_GRACE_MS' | 'SHUTDOWN_LINGER_MS'>) {
    return role === 'server'
        ? { drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS, graceMs: env.SHUTDOWN_GRACE_MS, lingerMs: env.SHUTDOWN_LINGER_MS }
        : { drainDelayMs: 0, graceMs: env.SHUTDOWN_GRACE_MS, lingerMs: 0 };
}

/**
 * pm2's kill_timeout for each app, as docker/ecosystem.config.cjs computes it in a container with
 * this environment: loaded in a child process, since the file reads process.env when required.
 */
export function pm2KillTimeouts(env: Record<string, string | undefined>): Record<ShutdownRole, number> {
    const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(ECOSYSTEM_FILE)}).apps.map(a => [a.name, a.kill_timeout])))`;
    const result = spawnSync(process.execPath, ['-e', script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...env },
        timeout: 30_000,
    });
    if (result.status !== 0) {
        throw new Error(`cannot load ${ECOSYSTEM_FILE}:\n${result.stderr}`);
    }
    const apps = new Map<string, number>(JSON.parse(result.stdout));
    return { server: apps.get('vendure-server')!, worker: apps.get('vendure-worker')! };
}

const GO_UNITS_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** A Go duration as compose prints one (`1m30s`, `20s`, `1500ms`), in milliseconds. */
export function goDurationMs(text: string): number {
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)];
    if (!parts.length || parts.map(p => p[0]).join('') !== text) {
        throw new Error(`not a Go duration: ${text}`);
    }
    return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * GO_UNITS_MS[unit], 0);
}

const NGINX_UNITS_MS: Record<string, number> = { ms: 1, '': 1_000, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An nginx time (`3s`, `500ms`, `1m`, or bare seconds `75`), in milliseconds. */
export function nginxTimeMs(text: string): number {
    const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|)/g)].filter(p => p[0] !== '');
    if (!parts.length || parts.map(p => p[0]).join('') !== text) {
        throw new Error(`not an nginx time: ${text}`);
    }
    return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * NGINX_UNITS_MS[unit], 0);
}
