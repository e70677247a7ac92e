import type { DynamicModule } from '@nestjs/common';
import { PluginCommonModule, VendurePlugin, type RuntimeVendureConfig, type Type } from '@vendure/core';

import type { ClusterOptions } from './cluster-options';
import { applyClusterRules } from './cluster-rules';
import { jobQueuePlugins } from './state/job-queue';
import { sharedCachePlugin } from './state/shared-cache';

/**
 * Makes any Vendure 3.7 app safe to run as many servers and workers: shared state in Redis (job
 * queue, cache, sessions), one cookie secret, known cache TTLs, the instance named in logs,
 * operation and login limits, and a guard that refuses a config that would keep state in one
 * process. Add it to `plugins`:
 *
 *     plugins: [...yourPlugins, ClusterPlugin.init(clusterOptionsFromEnv())]
 *
 * It brings Vendure's own BullMQJobQueuePlugin and RedisCachePlugin with it (their Nest modules
 * are imported here and their configuration run by this plugin's), so the app lists one plugin.
 */
@VendurePlugin({
    imports: [PluginCommonModule],
    configuration: config => ClusterPlugin.configure(config),
    compatibility: '^3.7.0',
})
export class ClusterPlugin {
    private static options: ClusterOptions;
    private static parts: Array<Type<unknown>> = [];

    static init(options: ClusterOptions): DynamicModule {
        ClusterPlugin.options = options;
        ClusterPlugin.parts = [...jobQueuePlugins(options), sharedCachePlugin(options)];
        return { module: ClusterPlugin, imports: ClusterPlugin.parts };
    }

    private static configure(config: RuntimeVendureConfig): Promise<RuntimeVendureConfig> {
        if (!ClusterPlugin.options) {
            throw new Error('ClusterPlugin: add it as ClusterPlugin.init(options), not as the bare class');
        }
        return applyClusterRules(config, ClusterPlugin.options, ClusterPlugin.parts);
    }
}
