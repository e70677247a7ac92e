import { AdminUiPlugin } from '@vendure/admin-ui-plugin';
import { DefaultSearchPlugin, dummyPaymentHandler, type Type, type VendureConfig } from '@vendure/core';

import { assetPlugin } from './assets';
import { ClusterSafetyPlugin } from './cluster-guard';
import { databaseOptions } from './database';
import type { ScalingEnv } from './env';
import { instanceHeaderMiddleware } from './instance-header';
import { instanceId } from './instance-identity';
import { InstanceLogger } from './instance-logger';
import { jobQueuePlugin } from './job-queue';
import { loginRateLimit } from './login-rate-limit';
import { queryDepthLimit } from './query-depth-limit';
import { redisFailureCounter } from './redis-failure-counter';
import { schedulerPlugin } from './scheduler';
import { sessionCacheStrategy, sharedCachePlugin } from './session-cache';

/** server: answers HTTP, never processes jobs. worker: processes jobs and scheduled tasks. migrate: once per deploy. */
export type Role = 'server' | 'worker' | 'migrate';

export const ROLES: readonly Role[] = ['server', 'worker', 'migrate'];

function plugins(env: ScalingEnv, role: Role): Array<Type<unknown>> {
    return [
        jobQueuePlugin(env),
        sharedCachePlugin(env),
        schedulerPlugin(),
        assetPlugin(env),
        // Search index updates are jobs, so they go through the shared queue to the workers.
        DefaultSearchPlugin.init({ bufferUpdates: false, indexStockStatus: true }),
        ...(role === 'server' && env.ADMIN_UI
            ? [
                  AdminUiPlugin.init({
                      route: 'admin',
                      port: env.PORT,
                      ...(env.ADMIN_UI_APP_PATH ? { app: { path: env.ADMIN_UI_APP_PATH } } : {}),
                  }),
              ]
            : []),
        // Must stay last: it checks the config as every other plugin left it.
        ClusterSafetyPlugin,
    ];
}

export function buildVendureConfig(env: ScalingEnv, role: Role): VendureConfig {
    const instance = instanceId(env);
    return {
        apiOptions: {
            port: env.PORT,
            adminApiPath: 'admin-api',
            shopApiPath: 'shop-api',
            trustProxy: env.TRUST_PROXY_HOPS,
            // Same origin behind nginx by default; cross-site callers must be listed by name.
            cors: env.CORS_ORIGINS.length ? { origin: env.CORS_ORIGINS, credentials: true } : false,
            csrfPrevention: true,
            shopApiValidationRules: [queryDepthLimit(env.GRAPHQL_MAX_DEPTH)],
            adminApiValidationRules: [queryDepthLimit(env.GRAPHQL_MAX_DEPTH)],
            middleware: role === 'server' && env.INSTANCE_HEADER ? [instanceHeaderMiddleware(instance)] : [],
            apolloServerPlugins:
                role === 'server' && env.LOGIN_MAX_FAILURES > 0
                    ? [
                          loginRateLimit({
                              maxFailures: env.LOGIN_MAX_FAILURES,
                              maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
                              windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
                              connect: () => redisFailureCounter(env),
                          }),
                      ]
                    : [],
        },
        authOptions: {
            tokenMethod: ['cookie', 'bearer'],
            cookieOptions: { secret: env.COOKIE_SECRET, httpOnly: true, sameSite: 'lax' },
            sessionCacheStrategy: sessionCacheStrategy(),
            superadminCredentials: {
                identifier: env.SUPERADMIN_USERNAME,
                password: env.SUPERADMIN_PASSWORD,
            },
        },
        dbConnectionOptions: databaseOptions(env),
        entityOptions: {
            channelCacheTtl: env.CHANNEL_CACHE_TTL_MS,
            zoneCacheTtl: env.ZONE_CACHE_TTL_MS,
            taxRateCacheTtl: env.TAX_RATE_CACHE_TTL_MS,
        },
        // The sample catalogue's payment method uses it; a real shop replaces it with its provider.
        paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
        logger: new InstanceLogger(instance, env.LOG_LEVEL),
        plugins: plugins(env, role),
    };
}
