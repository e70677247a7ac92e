import {
    defaultConfig,
    InMemoryJobBufferStorageStrategy,
    InMemorySessionCacheStrategy,
    preBootstrapConfig,
    resetConfig,
    type RuntimeVendureConfig,
    type VendureConfig,
} from '@vendure/core';
import { InMemoryCacheStrategy } from '@vendure/core/dist/config/system/in-memory-cache-strategy';
import { InMemoryJobQueueStrategy } from '@vendure/core/dist/job-queue/in-memory-job-queue-strategy';
import { afterEach, describe, expect, it } from 'vitest';

import { assertClusterSafe, ClusterSafetyError, clusterSafetyProblems } from '../src/cluster-guard';
import { readEnv } from '../src/env';
import { buildVendureConfig, ROLES } from '../src/vendure-config';
import { VALID_ENV } from './env-fixture';

/** The config as Vendure will run it: defaults merged, every plugin's configuration applied. */
async function effective(config: VendureConfig): Promise<RuntimeVendureConfig> {
    return { ...(await preBootstrapConfig(config)) } as RuntimeVendureConfig;
}

function withoutGuard(config: VendureConfig): VendureConfig {
    return { ...config, plugins: config.plugins?.slice(0, -1) };
}

afterEach(() => resetConfig());

describe('the effective configuration of every role', () => {
    it.each(ROLES)('is cluster-safe for %s, on BullMQ and on the database queue', async role => {
        for (const JOB_QUEUE of ['bullmq', 'database']) {
            const config = buildVendureConfig(readEnv({ ...VALID_ENV, JOB_QUEUE }), role);
            const runtime = await effective(config);
            expect(clusterSafetyProblems(runtime, 'production')).toEqual([]);
            resetConfig();
        }
    });
});

describe('assertClusterSafe refuses state that lives in one process', () => {
    async function safeRuntime(): Promise<RuntimeVendureConfig> {
        return effective(withoutGuard(buildVendureConfig(readEnv(VALID_ENV), 'server')));
    }

    const cases: Array<[string, (c: RuntimeVendureConfig) => void, RegExp]> = [
        ['an in-memory job queue', c => (c.jobQueueOptions.jobQueueStrategy = new InMemoryJobQueueStrategy()), /job queue is in memory/],
        ['no job queue at all', c => ((c.jobQueueOptions as any).jobQueueStrategy = undefined), /job queue is in memory/],
        ['an in-memory job buffer', c => (c.jobQueueOptions.jobBufferStorageStrategy = new InMemoryJobBufferStorageStrategy()), /job buffer is in memory/],
        ['an in-memory cache', c => (c.systemOptions.cacheStrategy = new InMemoryCacheStrategy()), /cache is in memory/],
        ['an in-memory session cache', c => (c.authOptions.sessionCacheStrategy = new InMemorySessionCacheStrategy()), /session cache is in memory/],
        ['the random per-process cookie secret', c => (c.authOptions.cookieOptions = { ...defaultConfig.authOptions.cookieOptions }), /cookie secret is random/],
        ['no cookie secret', c => (c.authOptions.cookieOptions = { httpOnly: true }), /cookie secret is random/],
        ['synchronize: true', c => (c.dbConnectionOptions = { ...c.dbConnectionOptions, synchronize: true }), /synchronize is on/],
    ];

    it.each(cases)('%s', async (_what, breakIt, expected) => {
        const runtime = await safeRuntime();
        expect(() => assertClusterSafe(runtime, 'development')).not.toThrow();
        breakIt(runtime);
        expect(() => assertClusterSafe(runtime, 'development')).toThrow(expected);
    });

    it('lists every problem in one error', async () => {
        const runtime = await safeRuntime();
        for (const [, breakIt] of cases) {
            breakIt(runtime);
        }
        let error: unknown;
        try {
            assertClusterSafe(runtime, 'development');
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ClusterSafetyError);
        expect((error as ClusterSafetyError).problems).toHaveLength(6);
        expect((error as Error).message).toMatch(/^Refusing to start/);
    });

    it("refuses Vendure's bare defaults, which are all in memory", () => {
        expect(clusterSafetyProblems({}, 'development')).toHaveLength(4);
    });
});

describe('in production, publicly known secrets are refused', () => {
    const known = {
        COOKIE_SECRET: 'change-me-to-a-long-random-cookie-secret-0123456789',
        SUPERADMIN_PASSWORD: 'change-me-superadmin-password',
        DB_PASSWORD: 'change-me-postgres-password',
    };

    it.each(Object.entries(known))('%s from .env.example', (name, value) => {
        const config = buildVendureConfig(readEnv({ ...VALID_ENV, [name]: value }), 'worker');
        expect(clusterSafetyProblems(config, 'development').join()).not.toMatch(/publicly known/);
        expect(clusterSafetyProblems(config, 'production').join()).toMatch(/publicly known default/);
    });

    it('without echoing the secret', () => {
        const config = buildVendureConfig(readEnv({ ...VALID_ENV, ...known }), 'worker');
        const message = clusterSafetyProblems(config, 'production').join('\n');
        expect(message.match(/publicly known/g)).toHaveLength(3);
        for (const value of Object.values(known)) {
            expect(message).not.toContain(value);
        }
    });
});

describe('ClusterSafetyPlugin', () => {
    it('stops start-up when the config it sees is not cluster-safe', async () => {
        const config = buildVendureConfig(readEnv(VALID_ENV), 'server');
        // Only the guard and the cache plugin: no job queue plugin, so the in-memory default stays.
        config.plugins = config.plugins?.filter(p => ['RedisCachePlugin', 'ClusterSafetyPlugin'].includes((p as { name: string }).name));
        await expect(preBootstrapConfig(config)).rejects.toThrow(/job queue is in memory/);
    });
});
