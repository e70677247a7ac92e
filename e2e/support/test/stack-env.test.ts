import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { writeStackEnv, type StackEnv, type StackEnvOptions } from '../src/stack-env';

const written: StackEnv[] = [];

afterAll(() => {
    for (const env of written) {
        rmSync(path.dirname(env.file), { recursive: true, force: true });
    }
});

async function write(suite: string, options?: StackEnvOptions) {
    const env = await writeStackEnv(suite, options);
    written.push(env);
    const lines = readFileSync(env.file, 'utf8').trim().split('\n');
    return { env, values: Object.fromEntries(lines.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])) };
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
        // Asset URLs are built from PUBLIC_URL: they must point where the suite reaches nginx.
        expect(values.PUBLIC_URL).toBe(env.baseUrl);
        expect(env.port).toBeGreaterThan(0);
    });

    it('sets a fresh superadmin password of its own, and leaves every other secret to the stack', async () => {
        const [a, b] = [await write('unit'), await write('unit')];
        expect(a.values.SUPERADMIN_PASSWORD).toMatch(/^sa-[0-9a-f]{36}$/);
        expect(a.values.SUPERADMIN_PASSWORD).not.toBe(b.values.SUPERADMIN_PASSWORD);
        for (const name of ['COOKIE_SECRET', 'DB_PASSWORD', 'REDIS_PASSWORD']) {
            expect(a.values).not.toHaveProperty(name);
        }
    });

    it('leaves out the settings it is told to omit, and only those; an omitted password is the stack\'s to make', async () => {
        const all = await write('unit');
        const { env, values } = await write('unit', { omit: ['SUPERADMIN_PASSWORD', 'INSTANCE_HEADER'] });
        expect(values).not.toHaveProperty('SUPERADMIN_PASSWORD');
        expect(values).not.toHaveProperty('INSTANCE_HEADER');
        expect(Object.keys(values).sort()).toEqual(Object.keys(all.values).filter(k => k !== 'SUPERADMIN_PASSWORD' && k !== 'INSTANCE_HEADER').sort());
        expect(env.superadmin.password).toBe('');
    });

    it('adds or replaces the settings it is given', async () => {
        const { env, values } = await write('unit', { set: { NGINX_SHOP_API_RATE: '5r/s', SUPERADMIN_PASSWORD: 'chosen-by-the-test-0123' } });
        expect(values.NGINX_SHOP_API_RATE).toBe('5r/s');
        expect(values.SUPERADMIN_PASSWORD).toBe('chosen-by-the-test-0123');
        expect(env.superadmin.password).toBe('chosen-by-the-test-0123');
    });
});
