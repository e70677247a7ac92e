import { DefaultSessionCacheStrategy, RedisCachePlugin, type Type } from '@vendure/core';

import type { ScalingEnv } from './env';
import { redisOptions } from './redis-connection';

/**
 * Vendure's default session cache writes through the CacheService, so putting the cache in Redis
 * is what makes a session created on one instance valid on all of them.
 */
export function sharedCachePlugin(env: ScalingEnv): Type<unknown> {
    return RedisCachePlugin.init({
        // init() replaces the plugin's defaults wholesale, so this must be stated: 128 KiB holds a
        // large cached order or session with room to spare.
        maxItemSizeInBytes: 128 * 1024,
        namespace: `${env.REDIS_PREFIX}:cache`,
        redisOptions: redisOptions(env),
    });
}

export function sessionCacheStrategy(): DefaultSessionCacheStrategy {
    return new DefaultSessionCacheStrategy();
}
