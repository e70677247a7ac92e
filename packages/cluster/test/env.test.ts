import { describe, expect, it } from 'vitest';

import { EnvError, readEnv } from '../src/env';
import { VALID_ENV } from './env-fixture';

function problemsOf(source: Record<string, string | undefined>): string[] {
    try {
        readEnv(source);
    } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        return [...(error as EnvError).problems];
    }
    throw new Error('readEnv accepted the environment');
}

describe('readEnv', () => {
    it('fills in the cluster-safe defaults', () => {
        const env = readEnv(VALID_ENV);
        expect(env).toMatchObject({
            NODE_ENV: 'development',
            PORT: 3000,
            WORKER_HEALTH_PORT: 3020,
            DB_PORT: 5432,
            DB_POOL_SIZE: 10,
            REDIS_PORT: 6379,
            REDIS_PREFIX: 'vendure',
            JOB_QUEUE: 'bullmq',
            CHANNEL_CACHE_TTL_MS: 30_000,
            ZONE_CACHE_TTL_MS: 30_000,
            TAX_RATE_CACHE_TTL_MS: 30_000,
            TRUST_PROXY_HOPS: 1,
            CORS_ORIGINS: [],
            INSTANCE_HEADER: true,
            SEED_SAMPLE_DATA: false,
            VENDURE_DISABLE_TELEMETRY: true,
        });
    });

    it('parses numbers, switches and lists', () => {
        const env = readEnv({
            ...VALID_ENV,
            PORT: '4000',
            DB_POOL_SIZE: '25',
            JOB_QUEUE: 'database',
            INSTANCE_HEADER: 'false',
            CORS_ORIGINS: 'https://shop.example.com, https://admin.example.com',
            CHANNEL_CACHE_TTL_MS: '0',
        });
        expect(env.PORT).toBe(4000);
        expect(env.DB_POOL_SIZE).toBe(25);
        expect(env.JOB_QUEUE).toBe('database');
        expect(env.INSTANCE_HEADER).toBe(false);
        expect(env.CORS_ORIGINS).toEqual(['https://shop.example.com', 'https://admin.example.com']);
        expect(env.CHANNEL_CACHE_TTL_MS).toBe(0);
    });

    it('names every missing variable in one error', () => {
        const problems = problemsOf({});
        const named = problems.map(p => p.split(':')[0]);
        expect(named).toEqual(
            ['COOKIE_SECRET', 'DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_USERNAME', 'REDIS_HOST', 'SUPERADMIN_PASSWORD'].sort(),
        );
        expect(problems.every(p => p.includes('required'))).toBe(true);
    });

    it('names the instance in a header by default, but only when asked in production', () => {
        expect(readEnv(VALID_ENV).INSTANCE_HEADER).toBe(true);
        expect(readEnv({ ...VALID_ENV, NODE_ENV: 'production' }).INSTANCE_HEADER).toBe(false);
        expect(readEnv({ ...VALID_ENV, NODE_ENV: 'production', INSTANCE_HEADER: 'true' }).INSTANCE_HEADER).toBe(true);
    });

    it('treats an empty value as missing (compose passes VAR= for blank .env entries)', () => {
        expect(problemsOf({ ...VALID_ENV, COOKIE_SECRET: '' })).toEqual([
            'COOKIE_SECRET: required: the session cookie secret, identical on every instance',
        ]);
    });

    it.each([
        ['PORT', 'eighty', 'expected a whole number'],
        ['PORT', '70000', 'expected at most 65535'],
        ['DB_POOL_SIZE', '0', 'expected at least 1'],
        ['JOB_QUEUE', 'memory', 'expected bullmq or database'],
        ['NODE_ENV', 'prod', 'expected development, production or test'],
        ['INSTANCE_HEADER', 'yes', 'expected true or false'],
        ['CORS_ORIGINS', 'not a url', 'expected a comma-separated list of URLs'],
        ['ASSET_URL_PREFIX', '/assets', 'expected an absolute URL'],
        ['REDIS_PREFIX', 'has space', 'expected letters, digits, - or _'],
        ['COOKIE_SECRET', 'too-short', 'expected at least 32 characters'],
        ['SUPERADMIN_PASSWORD', 'short', 'expected at least 12 characters'],
    ])('rejects %s=%s', (name, value, expected) => {
        const problems = problemsOf({ ...VALID_ENV, [name]: value });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(new RegExp(`^${name}(\\.\\d+)?: ${expected}`));
    });

    it('lists every bad variable at once and never echoes a value', () => {
        const secret = 'short-secret-value';
        let message = '';
        try {
            readEnv({ ...VALID_ENV, COOKIE_SECRET: secret, PORT: 'x', DB_HOST: undefined });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).toMatch(/^Invalid environment \(3\):/);
        expect(message).toContain('COOKIE_SECRET');
        expect(message).toContain('PORT');
        expect(message).toContain('DB_HOST');
        expect(message).not.toContain(secret);
    });
});
