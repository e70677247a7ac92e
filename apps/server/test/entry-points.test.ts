import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const APPS = path.join(__dirname, '..', '..');

const REQUIRED = ['COOKIE_SECRET', 'DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_USERNAME', 'REDIS_HOST', 'SUPERADMIN_PASSWORD'];

/** Runs a built entry point with nothing but `env` (and PATH). */
function start(entry: string, env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [entry], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe.each([
    ['server', path.join(APPS, 'server', 'dist', 'main.js')],
    ['migrate', path.join(APPS, 'server', 'dist', 'migrate.js')],
    ['worker', path.join(APPS, 'worker', 'dist', 'main.js')],
])('the %s entry point', (_role, entry) => {
    it('stops with one message naming every missing variable, before touching any service', () => {
        const result = start(entry);
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^Invalid environment \(7\):/);
        for (const name of REQUIRED) {
            expect(result.stderr).toContain(`- ${name}:`);
        }
        expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it("names the shop's own bad settings in the same message", () => {
        const result = start(entry, { CORS_ORIGINS: 'not a url', SEED_SAMPLE_DATA: 'yes' });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/^Invalid environment \(9\):/);
        expect(result.stderr).toContain('- SEED_SAMPLE_DATA: expected true or false');
        expect(result.stderr).toMatch(/- CORS_ORIGINS(\.\d+)?: expected a comma-separated list of URLs/);
    });
});
