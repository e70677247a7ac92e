import type { RedisOptions } from 'ioredis';

import type { ClusterRedisOptions } from '../cluster-options';

/** One Redis for jobs, cache, sessions and login counts; every instance points at the same one. */
export function redisOptions(redis: ClusterRedisOptions): RedisOptions {
    return {
        host: redis.host,
        port: redis.port ?? 6379,
        password: redis.password,
        db: redis.db ?? 0,
        ...redis.extra,
        // BullMQ requires null: a blocking worker connection must wait out a Redis restart
        // instead of failing its commands after N retries.
        maxRetriesPerRequest: null,
    };
}

export const DEFAULT_REDIS_PREFIX = 'vendure';

export const redisPrefix = (redis: ClusterRedisOptions) => redis.prefix ?? DEFAULT_REDIS_PREFIX;
