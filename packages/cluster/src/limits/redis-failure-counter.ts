import { Redis } from 'ioredis';

import type { ClusterRedisOptions } from '../cluster-options';
import type { CountedKey, FailureCounter } from './login-rate-limit';
import { redisOptions, redisPrefix } from '../state/redis-connection';

/**
 * The login limiter's counts in the cluster's Redis, where every instance sees the same numbers.
 * Its own connection, which fails fast instead of queueing while Redis is away: a login must not
 * hang on its rate limit (see loginRateLimit for why it then goes on unlimited).
 */
export function redisFailureCounter(redis: ClusterRedisOptions): FailureCounter & { close(): Promise<void> } {
    const client = new Redis({
        ...redisOptions(redis),
        keyPrefix: `${redisPrefix(redis)}:login-failures:`,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        commandTimeout: 2_000,
    });
    // Reconnects by itself; an unhandled 'error' event would only crash the process.
    client.on('error', () => undefined);

    return {
        async add(entries, windowMs): Promise<CountedKey[]> {
            const multi = client.multi();
            for (const [key, n] of entries) {
                // NX: only the first count of a window sets its end.
                multi.incrby(key, n).pexpire(key, windowMs, 'NX').pttl(key);
            }
            const replies = await multi.exec();
            if (!replies) {
                throw new Error('the Redis transaction was discarded');
            }
            return entries.map((_, i) => {
                const [incrError, count] = replies[i * 3];
                const [ttlError, ttl] = replies[i * 3 + 2];
                if (incrError || ttlError) {
                    throw incrError ?? ttlError;
                }
                return { count: Number(count), ttlMs: Math.max(0, Number(ttl)) };
            });
        },

        async remove(entries) {
            const multi = client.multi();
            for (const [key, n] of entries) {
                multi.decrby(key, n);
            }
            await multi.exec();
        },

        async close() {
            client.disconnect();
        },
    };
}
