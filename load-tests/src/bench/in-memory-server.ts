import { bootstrap, RedisCachePlugin } from '@vendure/core';
import { BullMQJobQueuePlugin } from '@vendure/job-queue-plugin/package/bullmq';
import { buildVendureConfig, ClusterSafetyPlugin, runRole } from '@vendure-scale/scaling-config';

/**
 * Benchmark only, never a deployment: the repo's server config minus what makes it cluster-safe
 * (the Redis cache that holds sessions, the BullMQ queue, and the guard that refuses to start
 * without them), i.e. Vendure's in-memory defaults. The cluster-config-cost benchmark runs it next
 * to the real server to price the shared state on one instance.
 */
void runRole(async env => {
    const config = buildVendureConfig(env, 'server');
    const clusterOnly = new Set<unknown>([RedisCachePlugin, BullMQJobQueuePlugin, ClusterSafetyPlugin]);
    await bootstrap({ ...config, plugins: (config.plugins ?? []).filter(plugin => !clusterOnly.has(plugin)) });
});
