import { ClusterSafetyError } from '@vendure-scale/cluster';
import { preBootstrapConfig, resetConfig, SqlJobBufferStorageStrategy, type Middleware } from '@vendure/core';
import { SqlJobQueueStrategy } from '@vendure/core/dist/plugin/default-job-queue-plugin/sql-job-queue-strategy';
import { BullMQJobQueuePlugin } from '@vendure/job-queue-plugin/package/bullmq';
import { BullMQJobQueueStrategy } from '@vendure/job-queue-plugin/package/bullmq/bullmq-job-queue-strategy';
import { afterEach, describe, expect, it } from 'vitest';

import { optionsOf } from '../../cluster/test/config-fixture';
import { EXAMPLE_SECRETS, rejectionOf, VALID_ENV } from '../../cluster/test/env-fixture';
import { build, ROLES } from './shop-fixture';

// The config each role really runs: Vendure's defaults merged and every plugin's configuration
// hook applied, ClusterPlugin's guard last among them (it throws on anything it refuses).
afterEach(() => resetConfig());

describe.each(ROLES)('the effective config of the %s role', role => {
    it.each(['bullmq', 'database'])('passes the cluster guard in production, on the %s queue', async JOB_QUEUE => {
        const runtime = await preBootstrapConfig(build(role, { JOB_QUEUE }));
        expect(runtime.plugins.at(-1)).toHaveProperty('name', 'ClusterGuardPlugin');
    });

    it('keeps jobs on BullMQ, under REDIS_PREFIX', async () => {
        const runtime = await preBootstrapConfig(build(role, { REDIS_PREFIX: 'shop1' }));
        expect(runtime.jobQueueOptions.jobQueueStrategy).toBeInstanceOf(BullMQJobQueueStrategy);
        expect(optionsOf(BullMQJobQueuePlugin).queueOptions.prefix).toBe('shop1:bull');
        expect(optionsOf(BullMQJobQueuePlugin).workerOptions.prefix).toBe('shop1:bull');
    });

    it('keeps jobs and their buffer in Postgres with JOB_QUEUE=database', async () => {
        const runtime = await preBootstrapConfig(build(role, { JOB_QUEUE: 'database' }));
        expect(runtime.jobQueueOptions.jobQueueStrategy).toBeInstanceOf(SqlJobQueueStrategy);
        expect(runtime.jobQueueOptions.jobBufferStorageStrategy).toBeInstanceOf(SqlJobBufferStorageStrategy);
    });

    it('signs cookies with COOKIE_SECRET and bounds the caches by the TTLs from the environment', async () => {
        const runtime = await preBootstrapConfig(
            build(role, { CHANNEL_CACHE_TTL_MS: '1000', ZONE_CACHE_TTL_MS: '2000', TAX_RATE_CACHE_TTL_MS: '3000' }),
        );
        expect(runtime.authOptions.cookieOptions.secret).toBe(VALID_ENV.COOKIE_SECRET);
        expect(runtime.entityOptions).toMatchObject({ channelCacheTtl: 1000, zoneCacheTtl: 2000, taxRateCacheTtl: 3000 });
        expect(runtime.apiOptions.trustProxy).toBe(1);
    });

    it('names the instance in a response header only with INSTANCE_HEADER=true', async () => {
        const middleware = async (overrides: Record<string, string>) =>
            ((await preBootstrapConfig(build(role, overrides))).apiOptions.middleware as Middleware[]).length;
        const without = await middleware({});
        resetConfig();
        expect(await middleware({ INSTANCE_HEADER: 'true' })).toBe(without + 1);
    });

    it('is refused with the published example secrets in production, naming them without echoing them', async () => {
        const error = await rejectionOf(preBootstrapConfig(build(role, EXAMPLE_SECRETS)));
        expect(error).toBeInstanceOf(ClusterSafetyError);
        for (const what of ['cookie secret', 'superadmin password', 'database password']) {
            expect(error.message).toContain(`the ${what} is a publicly known default (NODE_ENV=production)`);
        }
        for (const value of Object.values(EXAMPLE_SECRETS)) {
            expect(error.message).not.toContain(value);
        }
        resetConfig();
        await expect(preBootstrapConfig(build(role, { ...EXAMPLE_SECRETS, NODE_ENV: 'development' }))).resolves.toBeDefined();
    });
});
