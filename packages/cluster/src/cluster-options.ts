import type { RedisOptions } from 'ioredis';

import type { LogLevelName } from './identity/instance-logger';
import type { LoginRateLimitOptions } from './limits/login-rate-limit';
import type { OperationLimitsOptions } from './limits/operation-limits';

/** Where the cluster's shared state lives: jobs, cache (and with it sessions), login counts. */
export interface ClusterRedisOptions {
    host: string;
    port?: number;
    password?: string;
    db?: number;
    /** Namespaces every key (queue, cache, limits), so that two shops can share one Redis. */
    prefix?: string;
    /** Anything else ioredis accepts (TLS, sentinels, …). */
    extra?: Partial<RedisOptions>;
}

/** The login limiter's numbers (see limits/login-rate-limit.ts); `maxFailures: 0` turns it off. */
export type LoginLimitSettings = Omit<LoginRateLimitOptions, 'connect'>;

/** Per API (`shop`, `admin`): depth, aliases, tokens, directives, cost, complexity, introspection. */
export type OperationLimitSettings = Omit<OperationLimitsOptions, 'production'>;

/** Everything {@link ClusterPlugin} needs; `clusterOptionsFromEnv` fills it from the environment. */
export interface ClusterOptions {
    redis: ClusterRedisOptions;
    /** BullMQ on the Redis above, or Vendure's database queue (needs DefaultJobQueuePlugin with useDatabaseForBuffer). */
    jobQueue?: 'bullmq' | 'database';
    /** Signs session cookies: every instance must use the same one. */
    cookieSecret: string;
    /** How long an instance may serve a stale channel, zone or tax rate after another changed it. */
    cacheTtlMs?: { channel?: number; zone?: number; taxRate?: number };
    /** Names this process in every log line and, when `header` is on, in X-Vendure-Instance. */
    instance?: { id?: string; header?: boolean; logLevel?: LogLevelName };
    /** Proxies in front of the servers: client addresses (and so the limits) depend on it. */
    trustProxyHops?: number;
    loginLimits?: LoginLimitSettings | false;
    operationLimits?: OperationLimitSettings | false;
    /** Production: known default secrets are refused; introspection and field suggestions are off on both APIs. */
    production?: boolean;
}

export const DEFAULT_CACHE_TTL_MS = 30_000;
