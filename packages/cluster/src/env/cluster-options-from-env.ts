import type { ClusterOptions } from '../cluster-options';
import { readEnv, type ClusterEnv } from './read-env';

/** The ClusterPlugin options a cluster's environment describes (see read-env.ts for every variable). */
export function clusterOptionsFromEnv(env: ClusterEnv = readEnv(process.env)): ClusterOptions {
    return {
        redis: {
            host: env.REDIS_HOST,
            port: env.REDIS_PORT,
            password: env.REDIS_PASSWORD,
            db: env.REDIS_DB,
            prefix: env.REDIS_PREFIX,
        },
        jobQueue: env.JOB_QUEUE,
        cookieSecret: env.COOKIE_SECRET,
        cacheTtlMs: { channel: env.CHANNEL_CACHE_TTL_MS, zone: env.ZONE_CACHE_TTL_MS, taxRate: env.TAX_RATE_CACHE_TTL_MS },
        instance: { id: env.INSTANCE_ID, header: env.INSTANCE_HEADER, logLevel: env.LOG_LEVEL },
        trustProxyHops: env.TRUST_PROXY_HOPS,
        loginLimits:
            env.LOGIN_MAX_FAILURES > 0
                ? {
                      maxFailures: env.LOGIN_MAX_FAILURES,
                      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
                      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
                      maxPasswordMutationsPerIp: env.LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP,
                      maxInFlightPerIp: env.LOGIN_MAX_CONCURRENT_PER_IP,
                      maxWaitMs: env.LOGIN_MAX_WAIT_MS,
                  }
                : false,
        operationLimits: {
            shop: {
                maxDepth: env.GRAPHQL_MAX_DEPTH,
                maxTokens: env.GRAPHQL_MAX_TOKENS,
                maxAliases: env.GRAPHQL_MAX_ALIASES,
                maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
                maxCost: env.GRAPHQL_MAX_COST,
                maxComplexity: env.GRAPHQL_MAX_COMPLEXITY,
            },
            ...(env.GRAPHQL_ADMIN_INTROSPECTION ? { admin: { introspection: true } } : {}),
        },
        production: env.NODE_ENV === 'production',
    };
}
