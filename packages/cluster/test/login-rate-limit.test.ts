import { describe, expect, it } from 'vitest';

import type { AcquireAnswer, AcquireRequest, LoginCounter, ReleaseRequest } from '../src/limits/login-counter';
import { loginRateLimit, type LoginRateLimitOptions } from '../src/limits/login-rate-limit';

import { LOGIN, send } from './login-plugin-driver';

/** Answers what a test scripts, and records every call. (The real counter is tested on Redis.) */
class ScriptedCounter implements LoginCounter {
    readonly acquired: AcquireRequest[] = [];
    readonly released: ReleaseRequest[] = [];
    closed = false;
    constructor(private readonly answer: (request: AcquireRequest, call: number) => AcquireAnswer | Promise<AcquireAnswer> = () => ({ outcome: 'granted' })) {}
    async acquire(request: AcquireRequest) {
        this.acquired.push(request);
        return this.answer(request, this.acquired.length);
    }
    async release(request: ReleaseRequest) {
        this.released.push(request);
    }
    async close() {
        this.closed = true;
    }
}

async function started(counter: LoginCounter, options: Partial<LoginRateLimitOptions> = {}) {
    const plugin = loginRateLimit({ maxFailures: 3, maxFailuresPerIp: 40, windowSeconds: 60, connect: () => counter, ...options });
    const hooks = await plugin.serverWillStart!({} as any);
    return { plugin, hooks };
}

describe('loginRateLimit (plugin)', () => {
    it('takes a slot on the address, then on the hashed identifier, and counts it only when the login fails', async () => {
        const counter = new ScriptedCounter();
        const { plugin } = await started(counter);
        expect(await send(plugin, LOGIN, { u: ' Ann@Example.com', p: 'bad' }, '10.0.0.1', 'wrong-password')).toBeUndefined();
        expect(await send(plugin, LOGIN, { u: 'ann@example.com', p: 'right' }, '10.0.0.1', 'ok')).toBeUndefined();

        const [first, second] = counter.acquired;
        expect(first).toMatchObject({ countNow: false, windowMs: 60_000, holdMs: 30_000 });
        expect(first.keys.map(k => [k.limit, k.maxInFlight, Boolean(k.noWaitAfterFailure)])).toEqual([
            [40, 1, false],
            [3, 3, true],
        ]);
        expect(first.keys[0].key).toBe('ip:{10.0.0.1}');
        expect(first.keys[1].key).toMatch(/^id:\{10\.0\.0\.1\}:[0-9a-f]{32}$/);
        // One identifier, however it is spelled; never the identifier itself.
        expect(second.keys).toEqual(first.keys);
        expect(first.keys.some(k => k.key.includes('ann'))).toBe(false);

        expect(counter.released.map(r => [r.token, r.count])).toEqual([
            [first.token, true],
            [second.token, false],
        ]);
        expect(counter.released[0].keys).toEqual(first.keys.map(k => k.key));
    });

    it('answers a refused login 429 with Retry-After, and checks no password', async () => {
        const counter = new ScriptedCounter(() => ({ outcome: 'refused', retryAfterMs: 42_001 }));
        const { plugin } = await started(counter);
        let checked = 0;
        const refused = await send(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.0.0.1', 'ok', async () => void checked++);
        expect(refused?.message).toBe('Too many failed login attempts; try again in 43 seconds');
        expect(refused?.extensions.code).toBe('TOO_MANY_REQUESTS');
        expect(refused?.http.status).toBe(429);
        expect(refused?.http.headers.get('retry-after')).toBe('43');
        expect(checked).toBe(0);
        expect(counter.released).toEqual([]);
    });

    it('waits while every slot is taken, then goes on', async () => {
        const counter = new ScriptedCounter((_, call) => (call < 4 ? { outcome: 'busy' } : { outcome: 'granted' }));
        const { plugin } = await started(counter);
        expect(await send(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.0.0.1', 'ok')).toBeUndefined();
        expect(counter.acquired).toHaveLength(4);
        // The same token throughout: one request, one slot.
        expect(new Set(counter.acquired.map(a => a.token)).size).toBe(1);
    });

    it('answers 429 at once, without waiting, when the identifier failed and its slots are taken', async () => {
        const counter = new ScriptedCounter(() => ({ outcome: 'contended' }));
        const { plugin } = await started(counter);
        const refused = await send(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.0.0.1', 'ok');
        expect(refused?.http.status).toBe(429);
        expect(refused?.http.headers.get('retry-after')).toBe('1');
        expect(refused?.message).toMatch(/^Another attempt for this account, after a failed one, is being checked/);
        expect(counter.acquired).toHaveLength(1);
    });

    it('does not queue account mutations: busy is a 429 at once', async () => {
        const counter = new ScriptedCounter(() => ({ outcome: 'busy' }));
        const { plugin } = await started(counter);
        const register = `mutation { registerCustomerAccount(input: { emailAddress: "a@b.c", password: "x" }) }`;
        const refused = await send(plugin, register, {}, '10.0.0.1', 'ok');
        expect(refused?.http.status).toBe(429);
        expect(counter.acquired).toHaveLength(1);
    });

    it('answers 429 when no slot frees up within maxWaitMs', async () => {
        const counter = new ScriptedCounter(() => ({ outcome: 'busy' }));
        const { plugin } = await started(counter, { maxWaitMs: 300 });
        const startedAt = Date.now();
        const refused = await send(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.0.0.1', 'ok');
        expect(Date.now() - startedAt).toBeLessThan(2_000);
        expect(refused?.http.status).toBe(429);
        expect(refused?.http.headers.get('retry-after')).toBe('1');
        expect(counter.acquired.length).toBeGreaterThan(1);
    });

    it('refuses more than one password field with 400 before asking the counter, aliases and fragments included', async () => {
        const counter = new ScriptedCounter();
        const { plugin } = await started(counter);
        const aliased = Array.from({ length: 2_000 }, (_, i) => `a${i}: login(username: "u${i}", password: "x")`).join(' ');
        const documents = [
            `mutation { ${aliased} }`,
            `mutation { login(username: "a", password: "b") ...F } fragment F on Mutation { registerCustomerAccount(input: { emailAddress: "a@b.c" }) }`,
            `mutation { ...F ...F } fragment F on Mutation { authenticate(input: { native: { username: "a", password: "b" } }) }`,
        ];
        for (const query of documents) {
            const refused = await send(plugin, query, {}, '10.0.0.2', 'wrong-password');
            expect(refused?.http.status).toBe(400);
            expect(refused?.extensions.code).toBe('BAD_REQUEST');
            expect(refused?.message).toMatch(/^An operation may carry at most 1 of login, authenticate, registerCustomerAccount/);
        }
        expect(counter.acquired).toEqual([]);
    });

    it('counts every call of an account mutation on the address, and bounds admin ones in flight only', async () => {
        const counter = new ScriptedCounter();
        const { plugin } = await started(counter, { maxPasswordMutationsPerIp: 7, maxInFlightPerIp: 4 });
        const register = `mutation { registerCustomerAccount(input: { emailAddress: "a@b.c", password: "x" }) }`;
        expect(await send(plugin, register, {}, '::ffff:10.0.0.3', 'ok')).toBeUndefined();
        const admin = `mutation ($p: String) { updateActiveAdministrator(input: { password: $p }) }`;
        expect(await send(plugin, admin, { p: 'new' }, '2001:db8:aa:bb:1:2:3:4', 'ok')).toBeUndefined();
        // Without a password it hashes nothing: not limited.
        expect(await send(plugin, admin, {}, '10.0.0.3', 'ok')).toBeUndefined();

        expect(counter.acquired.map(a => [a.keys, a.countNow])).toEqual([
            [[{ key: 'pw:{10.0.0.3}', limit: 7, maxInFlight: 4 }], true],
            [[{ key: 'pw:{2001:db8:aa:bb::/64}', limit: 0, maxInFlight: 4 }], false],
        ]);
        // Neither counts again when given back.
        expect(counter.released.map(r => r.count)).toEqual([false, false]);
    });

    it('does not count a login that never ran, and gives back a slot won after the request ended', async () => {
        const counter = new ScriptedCounter();
        const { plugin } = await started(counter);
        expect(await send(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.0.0.4', 'not-run')).toBeUndefined();
        expect(counter.released.map(r => r.count)).toEqual([false]);

        // Another plugin's didResolveOperation failed, and Apollo answered while this one waited.
        let grant!: (answer: AcquireAnswer) => void;
        const slow = new ScriptedCounter(() => new Promise<AcquireAnswer>(resolve => (grant = resolve)));
        const { plugin: waiting } = await started(slow);
        const { parse } = await import('graphql');
        const document = parse(LOGIN);
        const listener = (await waiting.requestDidStart!({} as any))!;
        const ctx = {
            operation: document.definitions[0],
            document,
            request: { variables: { u: 'ann', p: 'x' } },
            response: { http: { headers: new Map() } },
            contextValue: { req: { ip: '10.0.0.4' } },
        } as any;
        const resolving = listener.didResolveOperation!(ctx);
        await listener.willSendResponse!(ctx);
        await new Promise(resolve => setTimeout(resolve, 10));
        grant({ outcome: 'granted' });
        await resolving;
        expect(slow.released.map(r => [r.token, r.count])).toEqual([[slow.acquired[0].token, false]]);
    });

    it('leaves queries and other mutations alone', async () => {
        const counter = new ScriptedCounter();
        const { plugin } = await started(counter);
        expect(await send(plugin, `{ me }`, {}, '10.0.0.5', 'ok')).toBeUndefined();
        expect(await send(plugin, `mutation { logout }`, {}, '10.0.0.5', 'ok')).toBeUndefined();
        expect(counter.acquired).toEqual([]);
    });

    it('lets logins through when the counter fails, and closes it after the last API stops', async () => {
        const counter = new ScriptedCounter(() => {
            throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
        });
        counter.release = async () => {
            throw new Error('Connection is closed.');
        };
        const plugin = loginRateLimit({ maxFailures: 1, maxFailuresPerIp: 1, windowSeconds: 60, connect: () => counter });
        const shop = await plugin.serverWillStart!({} as any);
        const admin = await plugin.serverWillStart!({} as any);
        for (let i = 0; i < 3; i++) {
            expect(await send(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.0.0.6', 'wrong-password')).toBeUndefined();
        }
        await shop!.serverWillStop!();
        expect(counter.closed).toBe(false);
        await admin!.serverWillStop!();
        expect(counter.closed).toBe(true);
    });
});
