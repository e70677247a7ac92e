import type { RedisOptions } from 'ioredis';

import type { ScalingEnv } from './env';

/** One Redis for jobs, cache and sessions; every instance points at the same one. */
export function redisOptions(env: ScalingEnv): RedisOptions {
    return {
        host: env.REDIS_HOST,
        port: env.REDIS_PORT,
        password: env.REDIS_PASSWORD,
        db: env.REDIS_DB,
        // BullMQ requires null: a blocking worker connection must wait out a Redis restart
        // instead of failing its commands after N retries.
        maxRetriesPerRequest: null,
    };
}
