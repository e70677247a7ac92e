import type { RedisOptions } from 'ioredis';

import type { LogLevelName } from './identity/instance-logger';
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

export interface LoginLimitSettings {
    /** Failed logins one client address may make for one identifier per window; 0 turns the limit off. */
    maxFailures: number;
    /** Failed logins one client address may make across all identifiers per window. */
    maxFailuresPerIp: number;
    windowSeconds: number;
    /** Calls per address and window of the other password-hashing Shop API mutations (register, reset, …). */
    maxPasswordMutationsPerIp?: number;
    /** Password checks one address may have running at once; more wait for a slot. */
    maxInFlightPerIp?: number;
    /** How long a request waits for a slot before it is answered 429. */
    maxWaitMs?: number;
}

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
