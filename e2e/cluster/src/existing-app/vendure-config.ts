import path from 'node:path';

import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import { DefaultJobQueuePlugin, DefaultSchedulerPlugin, DefaultSearchPlugin, dummyPaymentHandler, type VendureConfig } from '@vendure/core';
import { ClusterPlugin, clusterOptionsFromEnv } from '@vendure-scale/cluster';

/**
 * An app as `npx @vendure/create` 3.7.3 sets it up for Postgres, standing in for
 * "your existing Vendure app". Written from the generator's template, with these differences only:
 * - GraphiqlPlugin, EmailPlugin and DashboardPlugin are left out: they are not installed in this
 *   repository, and none of them keeps state that matters to a cluster.
 * - `import 'dotenv/config'` is left out: the test passes the environment to each process.
 * - A generated project runs its own `src/migrations`; this one has none yet, so `migrations`
 *   points at the example shop's compiled ones, which create the same Vendure core schema (plus
 *   the database job queue's and the search plugin's tables) that this config needs.
 * - And the one line the README asks for: ClusterPlugin, last.
 */

// @vendure/create declares these in its src/environment.d.ts; a local view keeps that global
// declaration out of this test project.
const env = process.env as NodeJS.ProcessEnv &
    Record<'COOKIE_SECRET' | 'SUPERADMIN_USERNAME' | 'SUPERADMIN_PASSWORD' | 'DB_HOST' | 'DB_PORT' | 'DB_NAME' | 'DB_SCHEMA' | 'DB_USERNAME' | 'DB_PASSWORD', string>;

const IS_DEV = env.APP_ENV === 'dev';
const serverPort = Number(env.PORT) || Number(env.VENDURE_SERVER_PORT) || 3000;
const SHOP_MIGRATIONS = path.join(path.dirname(require.resolve('@vendure-scale/shop/package.json')), 'dist', 'migrations', '*.js');

export const config: VendureConfig = {
    apiOptions: {
        port: serverPort,
        adminApiPath: 'admin-api',
        shopApiPath: 'shop-api',
        trustProxy: IS_DEV ? false : 1,
        cors: {
            origin: IS_DEV ? true : (env.CORS_ORIGINS?.split(',').map(origin => origin.trim()).filter(Boolean) ?? []),
            credentials: true,
        },
        ...(IS_DEV ? { adminApiDebug: true, shopApiDebug: true } : {}),
    },
    authOptions: {
        tokenMethod: ['bearer', 'cookie'],
        superadminCredentials: {
            identifier: env.SUPERADMIN_USERNAME,
            password: env.SUPERADMIN_PASSWORD,
        },
        cookieOptions: {
            secret: env.COOKIE_SECRET,
        },
    },
    dbConnectionOptions: {
        type: 'postgres',
        synchronize: false,
        migrations: [SHOP_MIGRATIONS],
        logging: false,
        database: env.DB_NAME,
        schema: env.DB_SCHEMA,
        host: env.DB_HOST,
        port: Number(env.DB_PORT),
        username: env.DB_USERNAME,
        password: env.DB_PASSWORD,
    },
    paymentOptions: {
        paymentMethodHandlers: [dummyPaymentHandler],
    },
    customFields: {},
    plugins: [
        AssetServerPlugin.init({
            route: 'assets',
            // Every server shares this directory here (one machine); across machines it would be a shared volume.
            assetUploadDir: path.join(__dirname, '../static/assets'),
            assetUrlPrefix: IS_DEV ? undefined : 'https://www.my-shop.com/assets/',
        }),
        DefaultSchedulerPlugin.init(),
        DefaultJobQueuePlugin.init({ useDatabaseForBuffer: true }),
        DefaultSearchPlugin.init({ bufferUpdates: false, indexStockStatus: true }),
        ClusterPlugin.init(clusterOptionsFromEnv()),
    ],
};
