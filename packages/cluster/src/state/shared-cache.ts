import { RedisCachePlugin, type Type } from '@vendure/core';

import type { ClusterOptions } from '../cluster-options';
import { redisOptions, redisPrefix } from './redis-connection';

/**
 * Vendure's cache in Redis. Its default session cache writes through this cache, so this is also
 * what makes a session created on one instance valid on all of them.
 */
export function sharedCachePlugin(options: ClusterOptions): Type<unknown> {
    return RedisCachePlugin.init({
        // init() replaces the plugin's defaults wholesale, so this must be stated: 128 KiB holds a
        // large cached order or session with room to spare.
        maxItemSizeInBytes: 128 * 1024,
        namespace: `${redisPrefix(options.redis)}:cache`,
        redisOptions: redisOptions(options.redis),
    });
}
