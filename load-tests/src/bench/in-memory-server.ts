import { bootstrap } from '@vendure/core';
import { ClusterPlugin, runRole } from '@vendure-scale/cluster';
import { shopConfig, shopEnvShape } from '@vendure-scale/shop';

/**
 * Benchmark only, never a deployment: the example shop's server config without ClusterPlugin (the
 * Redis cache that holds sessions, the BullMQ queue, the limits and the guard that refuses to
 * start without them), i.e. Vendure's in-memory defaults, as `@vendure/create` leaves a shop. The
 * cluster-config-cost benchmark runs it next to the real server to price the shared state on one
 * instance.
 */
void runRole(
    async env => {
        const config = shopConfig(env, 'server');
        const clusterOnly = (plugin: unknown) => (plugin as { module?: unknown }).module === ClusterPlugin;
        await bootstrap({ ...config, plugins: (config.plugins ?? []).filter(plugin => !clusterOnly(plugin)) });
    },
    { extend: shopEnvShape },
);
