import { describe, expect, it } from 'vitest';

import { clusterOptionsFromEnv } from '../src/env/cluster-options-from-env';
import { readEnv } from '../src/env/read-env';
import { VALID_ENV } from './env-fixture';

const optionsFrom = (overrides: Record<string, string> = {}) => clusterOptionsFromEnv(readEnv({ ...VALID_ENV, ...overrides }));

/** The limits may grow settings of their own (their tests cover them): only these are pinned here. */
function split(overrides: Record<string, string> = {}) {
    const { loginLimits, operationLimits, ...rest } = optionsFrom(overrides);
    return { loginLimits, operationLimits, rest };
}

describe('clusterOptionsFromEnv', () => {
    it("describes the environment's cluster, in production with limits on by default", () => {
        const { loginLimits, operationLimits, rest } = split();
        expect(loginLimits).toMatchObject({ maxFailures: 5, windowSeconds: 900 });
        expect(operationLimits).toBeTruthy();
        expect(rest).toEqual({
            redis: { host: 'redis', port: 6379, password: undefined, db: 0, prefix: 'vendure' },
            jobQueue: 'bullmq',
            cookieSecret: VALID_ENV.COOKIE_SECRET,
            cacheTtlMs: { channel: 30_000, zone: 30_000, taxRate: 30_000 },
            instance: { id: undefined, header: false, logLevel: 'info' },
            trustProxyHops: 1,
            production: true,
        });
    });

    it('takes every setting from its variable', () => {
        const { loginLimits, rest } = split({
            REDIS_HOST: 'cache.internal',
            REDIS_PORT: '6380',
            REDIS_PASSWORD: 'a-real-redis-password',
            REDIS_DB: '2',
            REDIS_PREFIX: 'shop1',
            JOB_QUEUE: 'database',
            CHANNEL_CACHE_TTL_MS: '1000',
            ZONE_CACHE_TTL_MS: '2000',
            TAX_RATE_CACHE_TTL_MS: '3000',
            INSTANCE_ID: 'server-7',
            INSTANCE_HEADER: 'true',
            LOG_LEVEL: 'debug',
            TRUST_PROXY_HOPS: '2',
            LOGIN_MAX_FAILURES: '3',
            LOGIN_MAX_FAILURES_PER_IP: '30',
            LOGIN_FAILURE_WINDOW_SECONDS: '60',
            NODE_ENV: 'development',
        });
        expect(loginLimits).toMatchObject({ maxFailures: 3, maxFailuresPerIp: 30, windowSeconds: 60 });
        expect(rest).toEqual({
            redis: { host: 'cache.internal', port: 6380, password: 'a-real-redis-password', db: 2, prefix: 'shop1' },
            jobQueue: 'database',
            cookieSecret: VALID_ENV.COOKIE_SECRET,
            cacheTtlMs: { channel: 1_000, zone: 2_000, taxRate: 3_000 },
            instance: { id: 'server-7', header: true, logLevel: 'debug' },
            trustProxyHops: 2,
            production: false,
        });
    });

    it('turns the login limit off with LOGIN_MAX_FAILURES=0', () => {
        expect(optionsFrom({ LOGIN_MAX_FAILURES: '0' }).loginLimits).toBe(false);
    });
});
