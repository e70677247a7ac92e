import type { DynamicModule } from '@nestjs/common';
import { DefaultSchedulerPlugin, preBootstrapConfig, type RuntimeVendureConfig, type Type, type VendureConfig } from '@vendure/core';

import type { ClusterOptions } from '../src/cluster-options';

type Plugin = Type<unknown> | DynamicModule;

/** Options for a cluster whose Redis is `redis`, changed one thing at a time. */
export function clusterOptions(overrides: Partial<ClusterOptions> = {}): ClusterOptions {
    return {
        redis: { host: 'redis', port: 6380, password: 'a-real-redis-password', prefix: 'shop1' },
        cookieSecret: 'c'.repeat(40),
        production: true,
        ...overrides,
    };
}

/**
 * The smallest app a cluster can run: secrets of its own (none of them a published default), a
 * scheduler, no schema synchronisation, then `plugins` in the order given.
 */
export function appConfig(plugins: Plugin[], overrides: Partial<VendureConfig> = {}): VendureConfig {
    return {
        apiOptions: { port: 3000, middleware: [], trustProxy: 'loopback' },
        authOptions: {
            cookieOptions: { httpOnly: true, sameSite: 'strict' },
            superadminCredentials: { identifier: 'superadmin', password: 'a-real-superadmin-password' },
        },
        dbConnectionOptions: { type: 'postgres', synchronize: false, password: 'a-real-database-password' },
        paymentOptions: { paymentMethodHandlers: [] },
        plugins: [DefaultSchedulerPlugin.init(), ...plugins],
        ...overrides,
    };
}

/**
 * The config as Vendure runs it: defaults merged and every plugin's configuration hook applied,
 * the cluster guard's included. Call resetConfig() after each test.
 */
export async function effective(config: VendureConfig): Promise<RuntimeVendureConfig> {
    return { ...(await preBootstrapConfig(config)) } as RuntimeVendureConfig;
}

/** Plugins are classes (init() returns the class, or a module wrapping it): compare them by name. */
export function pluginNames(plugins: readonly Plugin[] | undefined): string[] {
    return (plugins ?? []).map(plugin => ('module' in plugin ? plugin.module.name : plugin.name));
}

/** init() stores a plugin's options on its class (and a strategy its own on itself). */
export function optionsOf(holder: unknown): Record<string, any> {
    return (holder as { options: Record<string, any> }).options;
}
