import { getConfigurationFunction, type RuntimeVendureConfig, type Type } from '@vendure/core';

import { DEFAULT_CACHE_TTL_MS, type ClusterOptions } from './cluster-options';
import { ClusterGuardPlugin } from './guard/cluster-guard';
import { instanceHeaderMiddleware } from './identity/instance-header';
import { instanceId } from './identity/instance-id';
import { InstanceLogger } from './identity/instance-logger';
import { apiLimits } from './limits/api-limits';

/**
 * What ClusterPlugin does to the config it is added to. Runs inside Vendure's configuration
 * phase, in every role, before anything connects.
 */
export async function applyClusterRules(
    config: RuntimeVendureConfig,
    options: ClusterOptions,
    parts: ReadonlyArray<Type<unknown>>,
): Promise<RuntimeVendureConfig> {
    // The bundled Vendure plugins (BullMQ queue, Redis cache) configure themselves here, as if listed.
    for (const part of parts) {
        const configure = getConfigurationFunction(part);
        if (configure) Object.assign(config, await configure(config));
    }

    config.authOptions.cookieOptions = { ...config.authOptions.cookieOptions, secret: options.cookieSecret };
    config.entityOptions.channelCacheTtl = options.cacheTtlMs?.channel ?? DEFAULT_CACHE_TTL_MS;
    config.entityOptions.zoneCacheTtl = options.cacheTtlMs?.zone ?? DEFAULT_CACHE_TTL_MS;
    config.entityOptions.taxRateCacheTtl = options.cacheTtlMs?.taxRate ?? DEFAULT_CACHE_TTL_MS;
    if (options.trustProxyHops !== undefined) {
        config.apiOptions.trustProxy = options.trustProxyHops;
    }

    const instance = instanceId(options.instance?.id);
    config.logger = new InstanceLogger(instance, options.instance?.logLevel ?? 'info');
    if (options.instance?.header) {
        config.apiOptions.middleware = [...config.apiOptions.middleware, instanceHeaderMiddleware(instance)];
    }

    const limits = apiLimits(options, config.apiOptions);
    config.apiOptions.shopApiValidationRules = [...config.apiOptions.shopApiValidationRules, ...limits.shopValidationRules];
    config.apiOptions.adminApiValidationRules = [...config.apiOptions.adminApiValidationRules, ...limits.adminValidationRules];
    config.apiOptions.apolloServerPlugins = [...config.apiOptions.apolloServerPlugins, ...limits.apolloServerPlugins];

    // Appended to the very list Vendure is iterating, so the guard's hook runs after every other one.
    ClusterGuardPlugin.expected = { jobQueue: options.jobQueue ?? 'bullmq', production: options.production };
    if (!config.plugins.includes(ClusterGuardPlugin)) {
        config.plugins.push(ClusterGuardPlugin);
    }
    return config;
}
