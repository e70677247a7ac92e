import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LoginCounter } from '../src/limits/login-counter';
import { loginRateLimit, type LoginRateLimitOptions } from '../src/limits/login-rate-limit';
import { loginLimitPrefix, loginLimitScripts, redisLoginCounter } from '../src/limits/redis-login-counter';

import { LOGIN, send, type Outcome } from './login-plugin-driver';

// The defaults of read-env.ts, which the hostile-traffic drill asserts its bounds with.
const DEFAULTS = { maxFailures: 5, maxFailuresPerIp: 40, windowSeconds: 900 };

let container: StartedTestContainer;
let admin: Redis;
let prefixes = 0;

beforeAll(async () => {
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
    container = await new GenericContainer('redis:7')
        .withCommand(['redis-server', '--maxmemory-policy', 'noeviction'])
        .withExposedPorts(6379)
        .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
        .start();
    admin = new Redis({ host: container.getHost(), port: container.getMappedPort(6379) });
}, 120_000);

afterAll(async () => {
    admin?.disconnect();
    await container?.stop();
});

/** A fresh key space, so that each test sees only its own keys. */
function redisFor() {
    return { host: container.getHost(), port: container.getMappedPort(6379), prefix: `t${++prefixes}` };
}

/**
 * `servers` API servers of one cluster: each its own plugin and connection, one Redis. The
 * requests of a test are spread over them in turn, as a balancer would.
 */
async function cluster(options: Partial<LoginRateLimitOptions> = {}, servers = 4) {
    const redis = redisFor();
    const counters: LoginCounter[] = [];
    const plugins: Array<{ plugin: ReturnType<typeof loginRateLimit>; hooks: unknown }> = [];
    for (let i = 0; i < servers; i++) {
        const plugin = loginRateLimit({
            ...DEFAULTS,
            ...options,
            connect: () => {
                const counter = redisLoginCounter(redis);
                counters.push(counter);
                return counter;
            },
        });
        const hooks = await plugin.serverWillStart!({} as any);
        plugins.push({ plugin, hooks });
    }
    let next = 0;
    let checks = 0;
    // Stands for bcrypt: how many checks ran. Their times differ, so that slots free up one by one
    // while other requests wait, as on a real cluster.
    const check = async () => {
        checks++;
        await sleep(20 + (checks % 8) * 20);
    };
    const pattern = `${loginLimitPrefix(redis.prefix)}*`;
    return {
        redis,
        pattern,
        checks: () => checks,
        login(username: string, outcome: Outcome, ip = '10.1.0.1', query = LOGIN) {
            const { plugin } = plugins[next++ % servers];
            return send(plugin, query, { u: username, p: outcome === 'ok' ? 'right' : 'wrong' }, ip, outcome, check);
        },
        /** Every key of this cluster's limiter, with its TTL and fields. */
        async keys() {
            const names = await admin.keys(pattern);
            return Promise.all(
                names.map(async name => ({ name, pttl: await admin.pttl(name), fields: await admin.hgetall(name) })),
            );
        },
        async stop() {
            for (const { hooks } of plugins) await (hooks as { serverWillStop(): Promise<void> }).serverWillStop();
        },
    };
}

type Cluster = Awaited<ReturnType<typeof cluster>>;

/** Every key has a TTL and a count that is a positive whole number, whenever it is looked at. */
async function expectSound(limiter: Cluster) {
    for (const key of await limiter.keys()) {
        // -2: it expired between KEYS and PTTL, which is fine; -1 would be a key that never goes.
        expect(key.pttl, key.name).not.toBe(-1);
        if ('n' in key.fields) {
            expect(Number(key.fields.n), key.name).toBeGreaterThan(0);
            expect(Number.isInteger(Number(key.fields.n))).toBe(true);
        }
    }
}

/** Samples the key space until `done` settles, asserting each time that it is sound. */
async function watch<T>(limiter: Cluster, done: Promise<T>): Promise<T> {
    let settled = false;
    void done.finally(() => (settled = true));
    for (let i = 0; i < 500 && !settled; i++) {
        await expectSound(limiter);
        await sleep(20);
    }
    return done;
}

describe('loginRateLimit on Redis', () => {
    it('lets 20 concurrent correct logins for one identifier from one address all pass, and leaves no key', async () => {
        const limiter = await cluster();
        const answers = await watch(
            limiter,
            Promise.all(Array.from({ length: 20 }, () => limiter.login('superadmin', 'ok'))),
        );
        expect(answers).toEqual(Array(20).fill(undefined));
        expect(limiter.checks()).toBe(20);
        expect(await limiter.keys()).toEqual([]);
        await limiter.stop();
    });

    it('checks at most maxFailures of 50 concurrent wrong passwords for one identifier; the rest get 429 with Retry-After', async () => {
        const limiter = await cluster();
        const startedAt = Date.now();
        const answers = await watch(
            limiter,
            Promise.all(Array.from({ length: 50 }, () => limiter.login('superadmin', 'wrong-password'))),
        );
        expect(limiter.checks()).toBeLessThanOrEqual(DEFAULTS.maxFailures);
        expect(limiter.checks()).toBeGreaterThan(0);
        const refused = answers.filter(Boolean);
        expect(refused).toHaveLength(50 - limiter.checks());
        // After the first failure nothing that waited gets a slot: one check per slot, and the
        // burst is answered in about its time, not after every wait ran out (10 s).
        expect(limiter.checks()).toBe(1);
        expect(Date.now() - startedAt).toBeLessThan(5_000);
        for (const error of refused) {
            expect(error!.http.status).toBe(429);
            expect(Number(error!.http.headers.get('retry-after'))).toBeGreaterThan(0);
        }
        // Wrong passwords one at a time are checked up to the limit; then the identifier is
        // refused, the right password included, on every server.
        while (limiter.checks() < DEFAULTS.maxFailures) {
            expect(await limiter.login('superadmin', 'wrong-password')).toBeUndefined();
        }
        for (let i = 0; i < 4; i++) {
            expect((await limiter.login('superadmin', 'ok'))?.http.status).toBe(429);
        }
        expect(limiter.checks()).toBe(DEFAULTS.maxFailures);
        // One key for the address, one for the identifier; the identifier's counted at the limit.
        const keys = await limiter.keys();
        expect(keys).toHaveLength(2);
        expect(keys.map(k => Number(k.fields.n)).sort()).toEqual([DEFAULTS.maxFailures, DEFAULTS.maxFailures]);
        expect(keys.map(k => k.name).join()).not.toContain('superadmin');
        await expectSound(limiter);
        await limiter.stop();
    });

    it('bounds a password spray from one address: checks and keys stop at the address limit, and refused requests write nothing', async () => {
        const limiter = await cluster();
        const answers = await watch(
            limiter,
            Promise.all(Array.from({ length: 200 }, (_, i) => limiter.login(`user${i}@example.com`, 'wrong-password', '10.1.0.2'))),
        );
        expect(limiter.checks()).toBe(DEFAULTS.maxFailuresPerIp);
        expect(answers.filter(a => a?.http.status === 429)).toHaveLength(200 - DEFAULTS.maxFailuresPerIp);
        const keys = await limiter.keys();
        // The address's key and one per identifier checked: far under 100.
        expect(keys).toHaveLength(DEFAULTS.maxFailuresPerIp + 1);
        await expectSound(limiter);

        // The address is over its limit: new identifiers are refused before their key is written.
        const before = keys.map(k => k.name).sort();
        for (let i = 0; i < 20; i++) {
            expect((await limiter.login(`late${i}@example.com`, 'wrong-password', '10.1.0.2'))?.http.status).toBe(429);
        }
        expect((await limiter.keys()).map(k => k.name).sort()).toEqual(before);
        // Another address is not affected.
        expect(await limiter.login('user1@example.com', 'ok', '10.1.0.3')).toBeUndefined();
        await limiter.stop();
    });

    it('counts an IPv6 /64 as one address', async () => {
        const limiter = await cluster({ maxFailuresPerIp: 3 });
        for (let i = 0; i < 3; i++) {
            expect(await limiter.login(`v6-${i}`, 'wrong-password', `2001:db8:1:2::${i + 1}`)).toBeUndefined();
        }
        expect((await limiter.login('v6-9', 'wrong-password', '2001:db8:1:2:ffff::9'))?.http.status).toBe(429);
        expect(await limiter.login('v6-9', 'wrong-password', '2001:db8:1:3::1')).toBeUndefined();
        await limiter.stop();
    });

    it('ends a lock-out with its window, never extends it, and lets every key expire', async () => {
        const limiter = await cluster({ maxFailures: 2, windowSeconds: 1 });
        expect(await limiter.login('ann', 'wrong-password')).toBeUndefined();
        // The window started when that failure was counted, at the latest now.
        const windowStart = Date.now();
        expect(await limiter.login('ann', 'wrong-password')).toBeUndefined();
        // Hammering the locked identifier does not move the window's end.
        for (let i = 0; i < 5; i++) {
            const refused = await limiter.login('ann', 'wrong-password');
            expect(refused?.http.status).toBe(429);
            expect(refused?.http.headers.get('retry-after')).toBe('1');
        }
        await expectSound(limiter);
        await sleep(Math.max(0, windowStart + 1_050 - Date.now()));
        // A new window: the count starts again from one.
        expect(await limiter.login('ann', 'wrong-password')).toBeUndefined();
        expect((await limiter.keys()).map(k => k.fields.n)).toEqual(['1', '1']);
        await expectSound(limiter);
        await sleep(1_100);
        expect(await limiter.keys()).toEqual([]);
        await limiter.stop();
    });

    it('counts every call of an account mutation per address, refuses at once those beyond the slots in flight, and refuses 2+ password fields writing nothing', async () => {
        const limiter = await cluster({ maxPasswordMutationsPerIp: 6, maxInFlightPerIp: 2 });
        const register = `mutation ($u: String!) { registerCustomerAccount(input: { emailAddress: $u, password: "x" }) }`;
        let inFlight = 0;
        let most = 0;
        const redis = limiter.redis;
        const plugin = loginRateLimit({ ...DEFAULTS, maxPasswordMutationsPerIp: 6, maxInFlightPerIp: 2, connect: () => redisLoginCounter(redis) });
        const hooks = await plugin.serverWillStart!({} as any);
        const answers = await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
                send(plugin, register, { u: `new${i}@example.com` }, '10.1.0.4', 'ok', async () => {
                    most = Math.max(most, ++inFlight);
                    await sleep(50);
                    inFlight--;
                }),
            ),
        );
        // Two slots: two run, and the other eight are refused at once instead of queueing.
        expect(answers.filter(a => a === undefined)).toHaveLength(2);
        const busy = answers.filter(a => a?.http.status === 429);
        expect(busy).toHaveLength(8);
        expect(busy.every(a => a!.http.headers.get('retry-after') === '1')).toBe(true);
        expect(busy[0]!.message).toMatch(/^Too many concurrent password requests/);
        expect(most).toBeLessThanOrEqual(2);
        // One at a time, they run until the address has used its six calls of the window.
        const oneByOne = [];
        for (let i = 0; i < 6; i++) {
            oneByOne.push(await send(plugin, register, { u: `later${i}@example.com` }, '10.1.0.4', 'ok'));
        }
        expect(oneByOne.slice(0, 4)).toEqual(Array(4).fill(undefined));
        expect(oneByOne.slice(4).map(a => a?.message)).toEqual(Array(2).fill(expect.stringMatching(/^Too many password and account requests/)));
        const keys = await limiter.keys();
        // One key for the address, whose count includes every call run; no slot left held.
        expect(keys.map(k => [k.name.slice(limiter.pattern.length - 1), k.fields])).toEqual([['pw:{10.1.0.4}', { n: '6', u: expect.any(String) }]]);
        await expectSound(limiter);

        const before = await admin.keys(limiter.pattern);
        const twice = `mutation { a: login(username: "x", password: "y") b: login(username: "x", password: "z") }`;
        expect((await limiter.login('x', 'wrong-password', '10.1.0.5', twice))?.http.status).toBe(400);
        expect(await admin.keys(limiter.pattern)).toEqual(before);
        await hooks!.serverWillStop!();
        await limiter.stop();
    });
});

describe('redisLoginCounter', () => {
    it('frees the slot of a server that died holding it', async () => {
        const redis = redisFor();
        const counter = redisLoginCounter(redis);
        const request = (token: string) => ({
            keys: [{ key: 'id:{x}:1', limit: 1, maxInFlight: 1 }],
            token,
            countNow: false,
            windowMs: 60_000,
            holdMs: 300,
        });
        expect(await counter.acquire(request('dead'))).toEqual({ outcome: 'granted' });
        expect(await counter.acquire(request('next'))).toEqual({ outcome: 'busy' });
        const [name] = await admin.keys(`${loginLimitPrefix(redis.prefix)}*`);
        expect(await admin.pttl(name)).toBeGreaterThan(0);
        await sleep(350);
        expect(await counter.acquire(request('next'))).toEqual({ outcome: 'granted' });
        await counter.close();
    });

    it('answers contended, not busy, on a key with a failure in its window that asks for it, to a request that waited or would', async () => {
        const counter = redisLoginCounter(redisFor());
        const keys = (noWaitAfterFailure: boolean) => [{ key: 'id:{z}:1', limit: 5, maxInFlight: 1, noWaitAfterFailure }];
        const acquire = (token: string, noWait = true, waited = false) =>
            counter.acquire({ keys: keys(noWait), token, countNow: false, waited, windowMs: 60_000, holdMs: 5_000 });
        // No failure yet: a second request waits (busy), as concurrent correct logins must.
        expect(await acquire('a')).toEqual({ outcome: 'granted' });
        expect(await acquire('b')).toEqual({ outcome: 'busy' });
        await counter.release({ keys: ['id:{z}:1'], token: 'a', count: true, windowMs: 60_000 });
        // One failure counted: a request that finds the slot taken is turned away.
        expect(await acquire('c')).toEqual({ outcome: 'granted' });
        expect(await acquire('d')).toEqual({ outcome: 'contended' });
        // Only where the key asks for it.
        expect(await acquire('e', false)).toEqual({ outcome: 'busy' });
        await counter.release({ keys: ['id:{z}:1'], token: 'c', count: false, windowMs: 60_000 });
        // The slot is free again: a request that waited in the burst is still turned away, a new one is not.
        expect(await acquire('f', true, true)).toEqual({ outcome: 'contended' });
        expect(await acquire('g')).toEqual({ outcome: 'granted' });
        await counter.close();
    });

    it('never leaves a negative count or a key without a TTL when a slot is given back after its window or its hold', async () => {
        const redis = redisFor();
        const counter = redisLoginCounter(redis);
        const pattern = `${loginLimitPrefix(redis.prefix)}*`;
        const keys = [{ key: 'ip:{y}', limit: 10, maxInFlight: 10 }];
        const acquire = (token: string, holdMs: number) => counter.acquire({ keys, token, countNow: false, windowMs: 200, holdMs });

        // Given back after its hold ran out and the key expired: nothing is written.
        expect(await acquire('a', 100)).toEqual({ outcome: 'granted' });
        await sleep(150);
        expect(await admin.keys(pattern)).toEqual([]);
        await counter.release({ keys: ['ip:{y}'], token: 'a', count: false, windowMs: 200 });
        expect(await admin.keys(pattern)).toEqual([]);
        // Given back twice, or never taken: no count goes below zero.
        await counter.release({ keys: ['ip:{y}'], token: 'a', count: false, windowMs: 200 });
        await counter.release({ keys: ['ip:{y}'], token: 'never', count: false, windowMs: 200 });
        expect(await admin.keys(pattern)).toEqual([]);

        // A failure counted after the window of earlier ones ended opens a new window.
        expect(await acquire('b', 5_000)).toEqual({ outcome: 'granted' });
        await counter.release({ keys: ['ip:{y}'], token: 'b', count: true, windowMs: 200 });
        expect(await acquire('c', 5_000)).toEqual({ outcome: 'granted' });
        await sleep(250);
        const [name] = await admin.keys(pattern);
        // The window ended but slot c is still held: the key lives on, with a TTL.
        expect(await admin.pttl(name)).toBeGreaterThan(0);
        await counter.release({ keys: ['ip:{y}'], token: 'c', count: true, windowMs: 200 });
        expect(await admin.hgetall(name)).toMatchObject({ n: '1' });
        const pttl = await admin.pttl(name);
        expect(pttl).toBeGreaterThan(0);
        expect(pttl).toBeLessThanOrEqual(200);
        await sleep(250);
        expect(await admin.keys(pattern)).toEqual([]);
        await counter.close();
    });

    it('runs again after Redis lost its scripts (EVALSHA falls back to EVAL on NOSCRIPT)', async () => {
        const redis = redisFor();
        const counter = redisLoginCounter(redis);
        const request = { keys: [{ key: 'ip:{z}', limit: 5, maxInFlight: 5 }], token: 't', countNow: true, windowMs: 1_000, holdMs: 1_000 };
        expect(await counter.acquire(request)).toEqual({ outcome: 'granted' });
        await admin.script('FLUSH');
        expect(await counter.acquire({ ...request, token: 'u' })).toEqual({ outcome: 'granted' });
        await counter.close();
    });

    it('uses only commands and options that Redis 6 has', () => {
        // Redis 7 added PEXPIRE's NX/XX/GT/LT, the HEXPIRE family and script flags (#!lua).
        const redis6 = new Set(['TIME', 'HGETALL', 'HDEL', 'HSET', 'PEXPIRE', 'DEL']);
        for (const script of Object.values(loginLimitScripts)) {
            expect(script).not.toMatch(/^#!/);
            const calls = [...script.matchAll(/redis\.call\('(\w+)'([^)]*)\)/g)];
            expect(calls.length).toBeGreaterThan(0);
            for (const [, command, args] of calls) {
                expect(redis6.has(command), command).toBe(true);
                if (command === 'PEXPIRE') {
                    expect(args.split(',')).toHaveLength(3);
                }
            }
        }
    });

    it('lets logins through, quickly, when Redis cannot be reached', async () => {
        const closed = createServer();
        await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
        const port = (closed.address() as { port: number }).port;
        await new Promise(resolve => closed.close(resolve));

        const plugin = loginRateLimit({
            maxFailures: 1,
            maxFailuresPerIp: 1,
            windowSeconds: 60,
            connect: () => redisLoginCounter({ ...redisFor(), host: '127.0.0.1', port }),
        });
        const hooks = await plugin.serverWillStart!({} as any);
        const startedAt = Date.now();
        for (let i = 0; i < 5; i++) {
            expect(await send(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.1.0.9', i % 2 ? 'ok' : 'wrong-password')).toBeUndefined();
        }
        expect(Date.now() - startedAt).toBeLessThan(10_000);
        await hooks!.serverWillStop!();
    });
});
