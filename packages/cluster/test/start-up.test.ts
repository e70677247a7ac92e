import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { VALID_ENV } from './env-fixture';

const FIXTURE = path.join(__dirname, 'fixtures', 'run-role.js');

function run(env: Record<string, string>) {
    const result = spawnSync(process.execPath, [FIXTURE], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('runRole', () => {
    it('runs main with a valid environment', () => {
        expect(run({ ...VALID_ENV })).toMatchObject({ code: 0, stdout: 'main ran\n' });
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
});
