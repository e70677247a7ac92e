import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { writeStackEnv, type StackEnv } from '../src/stack-env';

const written: StackEnv[] = [];

afterAll(() => {
    for (const env of written) {
        rmSync(path.dirname(env.file), { recursive: true, force: true });
    }
});

async function write(suite: string, omit?: string[]) {
    const env = await writeStackEnv(suite, omit);
    written.push(env);
    return { env, values: Object.fromEntries(readFileSync(env.file, 'utf8').trim().split('\n').map(line => line.split('='))) };
}

describe('writeStackEnv', () => {
    it('writes a production env file, readable by its owner only, for the suite image and a free loopback port', async () => {
        const { env, values } = await write('unit');
        expect(statSync(env.file).mode & 0o777).toBe(0o600);
        expect(path.basename(path.dirname(env.file))).toMatch(/^vs-unit-/);
        expect(values).toMatchObject({
            NODE_ENV: 'production',
            SEED_SAMPLE_DATA: 'true',
            INSTANCE_HEADER: 'true',
            HTTP_BIND: '127.0.0.1',
            HTTP_PORT: String(env.port),
            VENDURE_IMAGE: 'vendure-scale:unit',
            SUPERADMIN_USERNAME: env.superadmin.username,
            SUPERADMIN_PASSWORD: env.superadmin.password,
        });
        expect(env.baseUrl).toBe(`http://127.0.0.1:${env.port}`);
        expect(env.port).toBeGreaterThan(0);
    });

    it('makes fresh secrets for every file', async () => {
        const [a, b] = [await write('unit'), await write('unit')];
        for (const name of ['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD', 'REDIS_PASSWORD']) {
            expect(a.values[name]).toMatch(/^[a-z]+-[0-9a-f]{36}$/);
            expect(a.values[name]).not.toBe(b.values[name]);
        }
    });

    it('leaves out the settings it is told to omit, and only those', async () => {
        const { values } = await write('unit', ['REDIS_PASSWORD', 'COOKIE_SECRET']);
        expect(values).not.toHaveProperty('REDIS_PASSWORD');
        expect(values).not.toHaveProperty('COOKIE_SECRET');
        expect(Object.keys(values)).toHaveLength(9);
    });
});
