import {
    DefaultJobQueuePlugin,
    DefaultSchedulerPlugin,
    DefaultSearchPlugin,
    dummyPaymentHandler,
    type VendureConfig,
} from '@vendure/core';
import { ClusterPlugin, clusterOptionsFromEnv, type ClusterEnv } from '@vendure-scale/cluster';

import { assetPlugin } from './assets';
import { adminRedirectMiddleware, dashboardCacheMiddleware, dashboardPlugin } from './dashboard';
import { databaseOptions } from './database';
import { IndexedSearchStrategy } from './search/indexed-search-strategy';
import { SearchPriceRangePlugin } from './search/price-range-plugin';
import type { ShopSettings } from './shop-env';

export type ShopEnv = ClusterEnv & ShopSettings;

/** server: answers HTTP, never processes jobs. worker: processes jobs and scheduled tasks. migrate: once per deploy. */
export type Role = 'server' | 'worker' | 'migrate';

/**
 * The example shop, shaped like the config `@vendure/create` generates, plus ClusterPlugin (last,
 * so that its BullMQ queue replaces the database queue listed before it). Replace this package
 * with your shop; keep ClusterPlugin.
 */
export function shopConfig(env: ShopEnv, _role: Role): VendureConfig {
    return {
        apiOptions: {
            port: env.PORT,
            adminApiPath: 'admin-api',
            shopApiPath: 'shop-api',
            // Same origin behind nginx by default; cross-site callers must be listed by name.
            cors: env.CORS_ORIGINS.length ? { origin: env.CORS_ORIGINS, credentials: true } : false,
            csrfPrevention: true,
            middleware: [dashboardCacheMiddleware, adminRedirectMiddleware],
        },
        authOptions: {
            tokenMethod: ['cookie', 'bearer'],
            cookieOptions: { httpOnly: true, sameSite: 'lax' },
            superadminCredentials: {
                identifier: env.SUPERADMIN_USERNAME,
                password: env.SUPERADMIN_PASSWORD,
            },
        },
        dbConnectionOptions: databaseOptions(env),
        // The sample catalogue's payment method uses it; a real shop replaces it with its provider.
        paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
        plugins: [
            assetPlugin(env),
            DefaultSchedulerPlugin.init(),
            // Kept, as @vendure/create keeps it, so that one schema serves both queue modes; with
            // JOB_QUEUE=bullmq, ClusterPlugin's BullMQ queue takes its place.
            DefaultJobQueuePlugin.init({ useDatabaseForBuffer: true }),
            // Search index updates are jobs, so they go through the shared queue to the workers.
            DefaultSearchPlugin.init({ bufferUpdates: false, indexStockStatus: true, searchStrategy: new IndexedSearchStrategy() }),
            SearchPriceRangePlugin,
            // Every role: its settings fields must exist where the settings-store cleanup runs (workers).
            dashboardPlugin(env),
            ClusterPlugin.init(clusterOptionsFromEnv(env)),
        ],
    };
}
