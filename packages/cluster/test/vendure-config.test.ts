import { AdminUiPlugin } from '@vendure/admin-ui-plugin';
import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import {
    DefaultJobQueuePlugin,
    DefaultSchedulerPlugin,
    DefaultSessionCacheStrategy,
    RedisCachePlugin,
    type Middleware,
    type VendureConfig,
} from '@vendure/core';
import { BullMQJobQueuePlugin } from '@vendure/job-queue-plugin/package/bullmq';
import { describe, expect, it } from 'vitest';

import { ClusterSafetyPlugin } from '../src/cluster-guard';
import { MIGRATIONS_GLOB } from '../src/database';
import { readEnv } from '../src/env';
import { INSTANCE_HEADER } from '../src/instance-header';
import { buildVendureConfig, ROLES, type Role } from '../src/vendure-config';
import { VALID_ENV } from './env-fixture';

function build(role: Role, overrides: Record<string, string> = {}): VendureConfig {
    return buildVendureConfig(readEnv({ ...VALID_ENV, ...overrides }), role);
}

/** Plugins are classes returned by init(); the options live on the class, so compare by name. */
function pluginNames(config: VendureConfig): string[] {
    return (config.plugins ?? []).map(plugin => (plugin as { name: string }).name);
}

describe.each(ROLES)('buildVendureConfig(env, %s)', role => {
    it('uses Postgres with migrations only, never synchronize', () => {
        const db = build(role, { DB_POOL_SIZE: '7' }).dbConnectionOptions;
        expect(db).toMatchObject({
            type: 'postgres',
            host: 'postgres',
            port: 5432,
            database: 'vendure',
            synchronize: false,
            migrationsRun: false,
            poolSize: 7,
            migrations: [MIGRATIONS_GLOB],
        });
    });

    it('signs cookies with the shared secret and accepts cookie and bearer tokens', () => {
        const { authOptions } = build(role);
        expect(authOptions?.cookieOptions?.secret).toBe(VALID_ENV.COOKIE_SECRET);
        expect(authOptions?.tokenMethod).toEqual(['cookie', 'bearer']);
        expect(authOptions?.sessionCacheStrategy).toBeInstanceOf(DefaultSessionCacheStrategy);
        expect(authOptions?.superadminCredentials).toEqual({
            identifier: 'superadmin',
            password: VALID_ENV.SUPERADMIN_PASSWORD,
        });
    });

    it('takes the channel, zone and tax-rate cache TTLs from the environment', () => {
        const config = build(role, { CHANNEL_CACHE_TTL_MS: '1000', ZONE_CACHE_TTL_MS: '2000', TAX_RATE_CACHE_TTL_MS: '3000' });
        expect(config.entityOptions).toMatchObject({ channelCacheTtl: 1000, zoneCacheTtl: 2000, taxRateCacheTtl: 3000 });
    });

    it('keeps jobs on BullMQ with one prefix for queue and worker', () => {
        const config = build(role, { REDIS_PREFIX: 'shop1', REDIS_PASSWORD: 'redis-pw-value' });
        expect(pluginNames(config)).toContain(BullMQJobQueuePlugin.name);
        const options = (BullMQJobQueuePlugin as unknown as { options: Record<string, any> }).options;
        expect(options.queueOptions.prefix).toBe('shop1:bull');
        expect(options.workerOptions.prefix).toBe('shop1:bull');
        expect(options.connection).toMatchObject({ host: 'redis', port: 6379, password: 'redis-pw-value', maxRetriesPerRequest: null });
    });

    it('falls back to the database queue with its buffer in the database', () => {
        const config = build(role, { JOB_QUEUE: 'database' });
        expect(pluginNames(config)).toContain(DefaultJobQueuePlugin.name);
        expect(pluginNames(config)).not.toContain(BullMQJobQueuePlugin.name);
        expect((DefaultJobQueuePlugin as unknown as { options: Record<string, unknown> }).options).toMatchObject({
            useDatabaseForBuffer: true,
        });
    });

    it('puts the cache (and so the sessions) in Redis with an explicit item size', () => {
        const config = build(role, { REDIS_PREFIX: 'shop1' });
        expect(pluginNames(config)).toContain(RedisCachePlugin.name);
        const options = (RedisCachePlugin as unknown as { options: Record<string, any> }).options;
        expect(options.maxItemSizeInBytes).toBeGreaterThan(0);
        expect(options.namespace).toBe('shop1:cache');
        expect(options.redisOptions).toMatchObject({ host: 'redis', maxRetriesPerRequest: null });
    });

    it('schedules tasks through the database lock, stores assets on the shared directory, guards last', () => {
        const config = build(role, { ASSET_DIR: '/srv/assets', ASSET_URL_PREFIX: 'https://cdn.example.com/assets/' });
        const names = pluginNames(config);
        expect(names).toContain(DefaultSchedulerPlugin.name);
        expect(names).toContain(AssetServerPlugin.name);
        expect(names.at(-1)).toBe(ClusterSafetyPlugin.name);
        const assets = (AssetServerPlugin as unknown as { options: Record<string, unknown> }).options;
        expect(assets).toMatchObject({ assetUploadDir: '/srv/assets', assetUrlPrefix: 'https://cdn.example.com/assets/' });
    });

    it('trusts one proxy hop and answers only its own origin unless origins are listed', () => {
        expect(build(role).apiOptions).toMatchObject({ trustProxy: 1, cors: false, csrfPrevention: true, port: 3000 });
        expect(build(role, { CORS_ORIGINS: 'https://shop.example.com' }).apiOptions?.cors).toEqual({
            origin: ['https://shop.example.com'],
            credentials: true,
        });
    });
});

describe('role differences', () => {
    const middlewareRoutes = (config: VendureConfig) => (config.apiOptions?.middleware ?? []) as Middleware[];

    it('serves the admin UI from servers only', () => {
        expect(pluginNames(build('server'))).toContain(AdminUiPlugin.name);
        expect(pluginNames(build('server', { ADMIN_UI: 'false' }))).not.toContain(AdminUiPlugin.name);
        expect(pluginNames(build('worker'))).not.toContain(AdminUiPlugin.name);
        expect(pluginNames(build('migrate'))).not.toContain(AdminUiPlugin.name);
    });

    it('serves the admin UI from ADMIN_UI_APP_PATH when set (a writable copy under a read-only root)', () => {
        const options = () => (AdminUiPlugin as unknown as { options: Record<string, any> }).options;
        build('server');
        expect(options().app).toBeUndefined();
        build('server', { ADMIN_UI_APP_PATH: '/tmp/vendure-admin-ui' });
        expect(options().app).toEqual({ path: '/tmp/vendure-admin-ui' });
    });

    it('limits failed logins on servers only, unless LOGIN_MAX_FAILURES=0', () => {
        expect(build('server').apiOptions?.apolloServerPlugins).toHaveLength(1);
        expect(build('server', { LOGIN_MAX_FAILURES: '0' }).apiOptions?.apolloServerPlugins).toEqual([]);
        expect(build('worker').apiOptions?.apolloServerPlugins).toEqual([]);
        expect(build('migrate').apiOptions?.apolloServerPlugins).toEqual([]);
    });

    it('names the instance in a response header on servers, unless switched off', () => {
        const [middleware] = middlewareRoutes(build('server', { INSTANCE_ID: 'server-7' }));
        const headers: Record<string, string> = {};
        let passedOn = false;
        const handler = middleware.handler as (req: unknown, res: unknown, next: () => void) => void;
        handler({}, { setHeader: (name: string, value: string) => (headers[name] = value) }, () => (passedOn = true));
        expect(headers[INSTANCE_HEADER]).toBe('server-7');
        expect(passedOn).toBe(true);
        expect(middlewareRoutes(build('server', { INSTANCE_HEADER: 'false' }))).toEqual([]);
        expect(middlewareRoutes(build('worker'))).toEqual([]);
    });
});
