import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { parse } from 'yaml';

export const STACK_FILE = path.resolve(__dirname, '../swarm/stack.yaml');

export type StackService = Record<string, any>;
export interface Stack {
    services: Record<string, StackService>;
    secrets: Record<string, any>;
    configs: Record<string, any>;
}

/**
 * The stack as `docker stack deploy` would read it (merges and `${VAR:-default}` filled in), by
 * the Docker CLI itself; with a bare environment, so only the file's defaults count.
 */
export function renderStack(env: Record<string, string> = {}): Stack {
    const result = spawnSync('docker', ['stack', 'config', '-c', STACK_FILE], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        timeout: 60_000,
    });
    if (result.error) {
        throw new Error(`the Docker CLI is needed to render ${STACK_FILE}: ${result.error.message}`);
    }
    if (result.status !== 0) {
        throw new Error(`docker stack config failed:\n${result.stderr}`);
    }
    return parse(result.stdout) as Stack;
}

/** Compose durations as the CLI prints them: 1m30s, 30s, 500ms. */
export function durationMs(value: string): number {
    const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
    let total = 0;
    const rest = value.replace(/(\d+(?:\.\d+)?)(h|ms|m|s|us)/g, (_, n: string, unit: string) => {
        total += Number(n) * units[unit];
        return '';
    });
    if (rest !== '' || value === '') {
        throw new Error(`not a duration: ${value}`);
    }
    return total;
}
