import os from 'node:os';

import { DefaultJobQueuePlugin, RedisCachePlugin, RedisCacheStrategy, resetConfig, SqlJobBufferStorageStrategy, type Middleware } from '@vendure/core';
import { SqlJobQueueStrategy } from '@vendure/core/dist/plugin/default-job-queue-plugin/sql-job-queue-strategy';
import { BullMQJobQueuePlugin } from '@vendure/job-queue-plugin/package/bullmq';
import { BullMQJobQueueStrategy } from '@vendure/job-queue-plugin/package/bullmq/bullmq-job-queue-strategy';
import { RedisJobBufferStorageStrategy } from '@vendure/job-queue-plugin/package/bullmq/redis-job-buffer-storage-strategy';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ClusterOptions } from '../src/cluster-options';
import { ClusterPlugin } from '../src/cluster-plugin';
import { INSTANCE_HEADER } from '../src/identity/instance-header';
import { InstanceLogger } from '../src/identity/instance-logger';
import { appConfig, clusterOptions, effective, optionsOf, pluginNames } from './config-fixture';
import { rejectionOf } from './env-fixture';

/** The effective config of the smallest app with ClusterPlugin.init(options) listed last. */
function withCluster(options: ClusterOptions) {
    return effective(appConfig([ClusterPlugin.init(options)]));
}

const bullOptions = () => optionsOf(BullMQJobQueuePlugin);

afterEach(() => {
    resetConfig();
    vi.restoreAllMocks();
});

describe('ClusterPlugin.init', () => {
    it("brings Vendure's BullMQ and Redis cache plugins along as Nest imports, so the app lists one plugin", () => {
        const module = ClusterPlugin.init(clusterOptions());
        expect(module.module).toBe(ClusterPlugin);
        expect(pluginNames(module.imports as never)).toEqual([BullMQJobQueuePlugin.name, RedisCachePlugin.name]);
    });

    it('imports no BullMQ plugin in database mode', () => {
        const module = ClusterPlugin.init(clusterOptions({ jobQueue: 'database' }));
        expect(pluginNames(module.imports as never)).toEqual([RedisCachePlugin.name]);
    });
});

describe('the effective config of an app with ClusterPlugin', () => {
    it('keeps jobs on BullMQ in Redis, with one prefix for queue and worker', async () => {
        const runtime = await withCluster(clusterOptions());
        expect(runtime.jobQueueOptions.jobQueueStrategy).toBeInstanceOf(BullMQJobQueueStrategy);
        expect(runtime.jobQueueOptions.jobBufferStorageStrategy).toBeInstanceOf(RedisJobBufferStorageStrategy);
        expect(bullOptions().queueOptions.prefix).toBe('shop1:bull');
        expect(bullOptions().workerOptions.prefix).toBe('shop1:bull');
        expect(bullOptions().connection).toMatchObject({
            host: 'redis',
            port: 6380,
            password: 'a-real-redis-password',
            db: 0,
            // BullMQ refuses a worker connection with any other value.
            maxRetriesPerRequest: null,
        });
    });

    it("prefixes every key with 'vendure' when no prefix is given", async () => {
        const runtime = await withCluster(clusterOptions({ redis: { host: 'redis' } }));
        expect(bullOptions().queueOptions.prefix).toBe('vendure:bull');
        expect(bullOptions().workerOptions.prefix).toBe('vendure:bull');
        expect(bullOptions().connection).toMatchObject({ host: 'redis', port: 6379 });
        expect(optionsOf(runtime.systemOptions.cacheStrategy).namespace).toBe('vendure:cache');
    });

    it('passes extra ioredis options through, but never a retry limit BullMQ would refuse', async () => {
        await withCluster(clusterOptions({ redis: { host: 'redis', extra: { tls: {}, maxRetriesPerRequest: 3 } } }));
        expect(bullOptions().connection).toMatchObject({ tls: {}, maxRetriesPerRequest: null });
    });

    it('puts the cache (and so the sessions) in Redis, under its own namespace, with an explicit item size', async () => {
        const runtime = await withCluster(clusterOptions());
        const cache = runtime.systemOptions.cacheStrategy;
        expect(cache).toBeInstanceOf(RedisCacheStrategy);
        // RedisCachePlugin.init() replaces its defaults wholesale: a size left out would be no limit.
        expect(optionsOf(cache).maxItemSizeInBytes).toBeGreaterThan(0);
        expect(optionsOf(cache).namespace).toBe('shop1:cache');
        expect(optionsOf(cache).redisOptions).toMatchObject({ host: 'redis', port: 6380, maxRetriesPerRequest: null });
    });

    it("signs cookies with the shared secret, keeping the app's other cookie options", async () => {
        const runtime = await withCluster(clusterOptions({ cookieSecret: 's'.repeat(48) }));
        expect(runtime.authOptions.cookieOptions).toMatchObject({ secret: 's'.repeat(48), httpOnly: true, sameSite: 'strict' });
    });

    it('bounds the channel, zone and tax-rate caches to 30 s by default', async () => {
        const runtime = await withCluster(clusterOptions());
        expect(runtime.entityOptions).toMatchObject({ channelCacheTtl: 30_000, zoneCacheTtl: 30_000, taxRateCacheTtl: 30_000 });
    });

    it('takes the cache TTLs it is given, each on its own', async () => {
        const all = await withCluster(clusterOptions({ cacheTtlMs: { channel: 1_000, zone: 2_000, taxRate: 3_000 } }));
        expect(all.entityOptions).toMatchObject({ channelCacheTtl: 1_000, zoneCacheTtl: 2_000, taxRateCacheTtl: 3_000 });
        resetConfig();
        const one = await withCluster(clusterOptions({ cacheTtlMs: { zone: 0 } }));
        expect(one.entityOptions).toMatchObject({ channelCacheTtl: 30_000, zoneCacheTtl: 0, taxRateCacheTtl: 30_000 });
    });

    it('names the instance in every log line, at the level asked for', async () => {
        const runtime = await withCluster(clusterOptions({ instance: { id: 'server-7', logLevel: 'warn' } }));
        expect(runtime.logger).toBeInstanceOf(InstanceLogger);
        const lines: string[] = [];
        vi.spyOn(process.stdout, 'write').mockImplementation(chunk => lines.push(String(chunk)) > 0);
        runtime.logger.warn('queue stalled', 'JobQueue');
        runtime.logger.info('below the level');
        vi.mocked(process.stdout.write).mockRestore();
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain('server-7 JobQueue');
        expect(lines[0]).toContain('queue stalled');
    });

    it('names an instance without an id by its host and process', async () => {
        const runtime = await withCluster(clusterOptions());
        const lines: string[] = [];
        vi.spyOn(process.stdout, 'write').mockImplementation(chunk => lines.push(String(chunk)) > 0);
        runtime.logger.info('hello');
        vi.mocked(process.stdout.write).mockRestore();
        expect(lines.join('')).toContain(`${os.hostname()}:${process.pid} Vendure`);
    });

    it('adds the X-Vendure-Instance header only when asked', async () => {
        const middleware = (runtime: { apiOptions: { middleware: Middleware[] } }) => runtime.apiOptions.middleware;
        expect(middleware(await withCluster(clusterOptions({ instance: { id: 'server-7' } })))).toEqual([]);
        resetConfig();
        expect(middleware(await withCluster(clusterOptions({ instance: { id: 'server-7', header: false } })))).toEqual([]);
        resetConfig();

        const [named, ...others] = middleware(await withCluster(clusterOptions({ instance: { id: 'server-7', header: true } })));
        expect(others).toEqual([]);
        expect(named.route).toBe('/');
        const headers: Record<string, string> = {};
        let passedOn = false;
        const handler = named.handler as (req: unknown, res: unknown, next: () => void) => void;
        handler({}, { setHeader: (name: string, value: string) => (headers[name] = value) }, () => (passedOn = true));
        expect(headers).toEqual({ [INSTANCE_HEADER]: 'server-7' });
        expect(passedOn).toBe(true);
    });

    it("trusts the proxy hops it is given, and leaves the app's own setting alone otherwise", async () => {
        expect((await withCluster(clusterOptions({ trustProxyHops: 2 }))).apiOptions.trustProxy).toBe(2);
        resetConfig();
        expect((await withCluster(clusterOptions({ trustProxyHops: 0 }))).apiOptions.trustProxy).toBe(0);
        resetConfig();
        expect((await withCluster(clusterOptions())).apiOptions.trustProxy).toBe('loopback');
    });

    it('adds the login limiter to the APIs only when login limits are set', async () => {
        const apolloPlugins = async (loginLimits: ClusterOptions['loginLimits']) => {
            const runtime = await withCluster(clusterOptions({ loginLimits }));
            resetConfig();
            return runtime.apiOptions.apolloServerPlugins.length;
        };
        const without = await apolloPlugins(undefined);
        expect(await apolloPlugins(false)).toBe(without);
        expect(await apolloPlugins({ maxFailures: 0, maxFailuresPerIp: 100, windowSeconds: 900 })).toBe(without);
        expect(await apolloPlugins({ maxFailures: 5, maxFailuresPerIp: 100, windowSeconds: 900 })).toBe(without + 1);
    });

    it("leaves the app's database queue in charge in database mode, the cache still in Redis", async () => {
        const runtime = await effective(
            appConfig([DefaultJobQueuePlugin.init({ useDatabaseForBuffer: true }), ClusterPlugin.init(clusterOptions({ jobQueue: 'database' }))]),
        );
        expect(runtime.jobQueueOptions.jobQueueStrategy).toBeInstanceOf(SqlJobQueueStrategy);
        expect(runtime.jobQueueOptions.jobBufferStorageStrategy).toBeInstanceOf(SqlJobBufferStorageStrategy);
        expect(runtime.systemOptions.cacheStrategy).toBeInstanceOf(RedisCacheStrategy);
        expect(pluginNames(runtime.plugins)).not.toContain(BullMQJobQueuePlugin.name);
    });

    it('replaces the database queue listed before it with BullMQ (the order @vendure/create apps have)', async () => {
        const runtime = await effective(appConfig([DefaultJobQueuePlugin.init({ useDatabaseForBuffer: true }), ClusterPlugin.init(clusterOptions())]));
        expect(runtime.jobQueueOptions.jobQueueStrategy).toBeInstanceOf(BullMQJobQueueStrategy);
        expect(runtime.jobQueueOptions.jobBufferStorageStrategy).toBeInstanceOf(RedisJobBufferStorageStrategy);
    });
});

describe('ClusterPlugin without init()', () => {
    it('stops start-up with a message that says how to add it', async () => {
        // A fresh copy of the class: init() in the tests above left options on this file's copy.
        vi.resetModules();
        const { ClusterPlugin: Bare } = await import('../src/cluster-plugin.js');
        const error = await rejectionOf(effective(appConfig([Bare])));
        expect(error.message).toBe('ClusterPlugin: add it as ClusterPlugin.init(options), not as the bare class');
    });
});
