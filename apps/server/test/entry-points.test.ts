import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const APPS = path.join(__dirname, '..', '..');

describe.each([
    ['server', path.join(APPS, 'server', 'dist', 'main.js')],
    ['migrate', path.join(APPS, 'server', 'dist', 'migrate.js')],
    ['worker', path.join(APPS, 'worker', 'dist', 'main.js')],
])('the %s entry point', (_role, entry) => {
    it('stops with one message naming every missing variable, before touching any service', () => {
        const result = spawnSync(process.execPath, [entry], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/^Invalid environment \(7\):/);
        for (const name of ['COOKIE_SECRET', 'DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_USERNAME', 'REDIS_HOST', 'SUPERADMIN_PASSWORD']) {
            expect(result.stderr).toContain(`- ${name}:`);
        }
    });
});
