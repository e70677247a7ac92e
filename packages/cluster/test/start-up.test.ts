import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { VALID_ENV } from './env-fixture';

const FIXTURE = path.join(__dirname, 'fixtures', 'run-role.js');

/** Runs the built runRole in a process of its own, with nothing but `env` (and PATH). */
function run(env: Record<string, string | undefined>) {
    const result = spawnSync(process.execPath, [FIXTURE], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('runRole', () => {
    it('runs main with a valid environment', () => {
        expect(run({ ...VALID_ENV })).toEqual({ code: 0, stdout: 'main ran\n', stderr: '' });
    });

    it('stops with one message naming every bad variable, no stack trace and no secret', () => {
        const secret = 'tiny-secret';
        const { code, stdout, stderr } = run({ ...VALID_ENV, COOKIE_SECRET: secret, DB_HOST: '', DB_PORT: 'x' });
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr).toMatch(/^Invalid environment \(3\):\n {2}- COOKIE_SECRET: .*\n {2}- DB_HOST: .*\n {2}- DB_PORT: .*\n$/);
        expect(stderr).not.toContain(secret);
        expect(stderr).not.toMatch(/\n\s+at /);
    });

    it('warns about each renamed variable, and runs main', () => {
        const { code, stdout, stderr } = run({ ...VALID_ENV, SERVER_REPLICAS: '4', DB_MAX_CONNECTIONS: '100' });
        expect(code).toBe(0);
        expect(stdout).toBe('main ran\n');
        expect(stderr).toBe(
            'warning: SERVER_REPLICAS is deprecated and will be removed in the next release: use MAX_SERVER_REPLICAS\n' +
                'warning: DB_MAX_CONNECTIONS is deprecated and will be removed in the next release: use DB_CONNECTION_LIMIT\n',
        );
    });

    it("turns Vendure's telemetry off unless told otherwise", () => {
        expect(run({ ...VALID_ENV, FIXTURE_MAIN: 'telemetry' }).stdout).toBe('VENDURE_DISABLE_TELEMETRY=true\n');
        expect(run({ ...VALID_ENV, FIXTURE_MAIN: 'telemetry', VENDURE_DISABLE_TELEMETRY: 'false' }).stdout).toBe(
            'VENDURE_DISABLE_TELEMETRY=false\n',
        );
    });

    it("prints a refused configuration as the guard's message alone", () => {
        const { code, stderr } = run({ ...VALID_ENV, FIXTURE_MAIN: 'unsafe' });
        expect(code).toBe(1);
        expect(stderr).toBe(
            'Refusing to start: this configuration is not safe for more than one instance:\n' +
                '  - the cache is in memory: instances would serve each other stale data\n',
        );
    });

    it('prints any other failure with its stack, and exits non-zero', () => {
        const { code, stderr } = run({ ...VALID_ENV, FIXTURE_MAIN: 'crash' });
        expect(code).toBe(1);
        expect(stderr).toMatch(/^Error: an unexpected failure\n\s+at /);
    });
});
