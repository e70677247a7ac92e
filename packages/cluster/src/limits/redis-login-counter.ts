import { Redis } from 'ioredis';

import type { ClusterRedisOptions } from '../cluster-options';
import { redisOptions, redisPrefix } from '../state/redis-connection';

import type { AcquireAnswer, LoginCounter } from './login-counter';

/**
 * The Lua both scripts share. A key is a hash: `n` (the count of its window), `u` (the window's
 * end, ms) and one field per slot held, `t:<token>` = when the slot frees itself (ms). Only these
 * scripts write the keys, and every write is followed in the same script by the key's expiry, set
 * to the later of the window's end and its last slot's: no key is ever left without a TTL.
 * Only commands of Redis 2.x to 6 (no PEXPIRE NX/GT, no HEXPIRE): the limiter must hold on 6.
 */
const COMMON = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- The key's live state; drops freed slots and a count whose window has ended.
local function read(key)
    local state = { n = 0, untilMs = 0, inFlight = 0, latest = 0 }
    local flat = redis.call('HGETALL', key)
    for i = 1, #flat, 2 do
        local field, value = flat[i], tonumber(flat[i + 1])
        if field == 'n' then
            state.n = value
        elseif field == 'u' then
            state.untilMs = value
        elseif value > now then
            state.inFlight = state.inFlight + 1
            if value > state.latest then state.latest = value end
        else
            redis.call('HDEL', key, field)
        end
    end
    if state.untilMs <= now then
        if state.untilMs > 0 then redis.call('HDEL', key, 'n', 'u') end
        state.n = 0
        state.untilMs = 0
    end
    return state
end

-- A count starts the window when it is the first one; a later count never moves its end.
local function count(key, state, windowMs)
    if state.n == 0 then
        state.untilMs = now + windowMs
        redis.call('HSET', key, 'u', state.untilMs)
    end
    state.n = state.n + 1
    redis.call('HSET', key, 'n', state.n)
end

local function expire(key, state)
    local at = state.latest
    if state.n > 0 and state.untilMs > at then at = state.untilMs end
    if at > now then
        redis.call('PEXPIRE', key, at - now)
    else
        redis.call('DEL', key)
    end
end
`;

/**
 * KEYS: the slot keys, the client address's first. ARGV: token, hold ms, window ms, count now
 * (1/0), waited (1/0), then each key's limit, max in flight and no-wait-after-failure (1/0).
 * Returns {1} granted, {2} busy, {3} contended (a key that failed this window is busy, or the
 * request waited), {0, ms} refused.
 * A refusing key ends the script before any later key is read, and nothing is written unless every
 * key grants: an address over its limit creates no identifier keys.
 */
const ACQUIRE = `${COMMON}
local token, holdMs, windowMs = 't:' .. ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local countNow, waited = ARGV[4] == '1', ARGV[5] == '1'
local states = {}
local busy, contended = false, false
for i, key in ipairs(KEYS) do
    local at = 3 + 3 * i
    local limit, maxInFlight, noWaitAfterFailure = tonumber(ARGV[at]), tonumber(ARGV[at + 1]), ARGV[at + 2] == '1'
    local state = read(key)
    if limit > 0 and state.n >= limit then
        return { 0, state.untilMs - now }
    end
    local full = state.inFlight >= maxInFlight or (not countNow and limit > 0 and state.n + state.inFlight >= limit)
    if full then busy = true end
    if noWaitAfterFailure and state.n > 0 and (full or waited) then contended = true end
    states[i] = state
end
if contended then
    return { 3 }
end
if busy then
    return { 2 }
end
for i, key in ipairs(KEYS) do
    local state = states[i]
    redis.call('HSET', key, token, now + holdMs)
    if now + holdMs > state.latest then state.latest = now + holdMs end
    if countNow then count(key, state, windowMs) end
    expire(key, state)
end
return { 1 }
`;

/** KEYS: the slot keys. ARGV: token, window ms, count (1/0). Gives the slot back on every key. */
const RELEASE = `${COMMON}
local token, windowMs, counted = 't:' .. ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1'
for _, key in ipairs(KEYS) do
    redis.call('HDEL', key, token)
    local state = read(key)
    if counted then count(key, state, windowMs) end
    expire(key, state)
end
return 1
`;

/** Exported for a test that they stay within Redis 6. */
export const loginLimitScripts = { acquire: ACQUIRE, release: RELEASE } as const;

interface LimiterCommands {
    loginLimitAcquire(numKeys: number, ...args: Array<string | number>): Promise<[number, number?]>;
    loginLimitRelease(numKeys: number, ...args: Array<string | number>): Promise<number>;
}

/**
 * Waits (1 s at most) while the connection is still being made for the first time: without an
 * offline queue, the logins of a server that has just started would otherwise all fail open.
 * A connection that was lost (status 'reconnecting') is not waited for.
 */
async function firstConnection(redis: Redis): Promise<void> {
    if (!['wait', 'connecting', 'connect'].includes(redis.status)) {
        return;
    }
    if (redis.status === 'wait') {
        void redis.connect().catch(() => undefined);
    }
    await new Promise<void>(resolve => {
        const done = () => {
            clearTimeout(timer);
            redis.off('ready', done);
            redis.off('end', done);
            resolve();
        };
        const timer = setTimeout(done, 1_000);
        redis.once('ready', done);
        redis.once('end', done);
    });
}

/** The key prefix of every limiter key, under the app's own prefix. */
export const loginLimitPrefix = (redisPrefix: string) => `${redisPrefix}:login-failures:`;

/**
 * The counter's scripts on a given connection. ioredis's defineCommand sends EVALSHA and falls
 * back to EVAL on NOSCRIPT (after a Redis restart or failover), so no SCRIPT LOAD is needed.
 * The connection's keyPrefix applies to the scripts' keys.
 */
export function loginCounterOn(redis: Redis): LoginCounter {
    redis.defineCommand('loginLimitAcquire', { lua: ACQUIRE });
    redis.defineCommand('loginLimitRelease', { lua: RELEASE });
    const commands = redis as unknown as LimiterCommands;

    return {
        async acquire({ keys, token, countNow, waited, windowMs, holdMs }): Promise<AcquireAnswer> {
            await firstConnection(redis);
            const [code, retryAfterMs] = await commands.loginLimitAcquire(
                keys.length,
                ...keys.map(k => k.key),
                token,
                holdMs,
                windowMs,
                countNow ? 1 : 0,
                waited ? 1 : 0,
                ...keys.flatMap(k => [k.limit, k.maxInFlight, k.noWaitAfterFailure ? 1 : 0]),
            );
            switch (code) {
                case 1:
                    return { outcome: 'granted' };
                case 2:
                    return { outcome: 'busy' };
                case 3:
                    return { outcome: 'contended' };
                default:
                    return { outcome: 'refused', retryAfterMs: Number(retryAfterMs) };
            }
        },

        async release({ keys, token, count, windowMs }) {
            await commands.loginLimitRelease(keys.length, ...keys, token, windowMs, count ? 1 : 0);
        },

        async close() {
            redis.disconnect();
        },
    };
}

/**
 * The login limiter's counts in the cluster's Redis, where every instance sees the same numbers.
 * Its own connection, which fails fast instead of queueing while Redis is away: a login must not
 * hang on its rate limit (see loginRateLimit for why it then goes on unlimited).
 */
export function redisLoginCounter(options: ClusterRedisOptions): LoginCounter {
    const redis = new Redis({
        ...redisOptions(options),
        keyPrefix: loginLimitPrefix(redisPrefix(options)),
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        commandTimeout: 2_000,
    });
    // Reconnects by itself; an unhandled 'error' event would only crash the process.
    redis.on('error', () => undefined);
    return loginCounterOn(redis);
}
