import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Collector } from '../src/driver/collector';
import { httpClient } from '../src/driver/http-client';
import { runArrivalRate } from '../src/driver/open-model';
import { VirtualUser } from '../src/driver/virtual-user';
import { VirtualUsers, vuCaps } from '../src/driver/virtual-users';
import { loadScenario } from '../src/scenario/load-scenario';
import type { Pools } from '../src/scenario/picks';

const loaded = loadScenario();
const pools: Pools = {
    collections: [{ slug: 'electronics' }],
    products: [{ slug: 'laptop', name: 'Laptop' }],
    variants: [{ id: '1' }],
    searchTerms: [{ term: 'laptop' }],
    customers: [
        { emailAddress: 'loadtest-01@loadtest.invalid', password: 'pw' },
        { emailAddress: 'loadtest-02@loadtest.invalid', password: 'pw' },
    ],
    admin: [{ username: 'superadmin', password: 'pw' }],
};

interface Seen {
    operation: string;
    authorization?: string;
    username?: string;
}

/** A stand-in for the shop: answers every document of the journeys, logs what it was sent. */
class FakeShop {
    readonly seen: Seen[] = [];
    refuseLogins = false;
    delayMs = 0;
    private server = http.createServer((req, res) => {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
            const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, string> };
            const operation = /(query|mutation) (\w+)/.exec(query)?.[2] ?? '?';
            this.seen.push({ operation, authorization: req.headers.authorization, username: variables.username });
            const answer = () => {
                if (operation.endsWith('Login')) {
                    if (this.refuseLogins) {
                        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
                        res.end(JSON.stringify({ errors: [{ message: 'Too many concurrent password requests', extensions: { code: 'TOO_MANY_REQUESTS' } }] }));
                        return;
                    }
                    const ok = variables.password === 'pw';
                    res.writeHead(200, { 'content-type': 'application/json', ...(ok ? { 'vendure-auth-token': `token-of-${variables.username}` } : {}) });
                    res.end(JSON.stringify({ data: { login: ok ? { __typename: 'CurrentUser' } : { __typename: 'InvalidCredentialsError', message: 'no' } } }));
                    return;
                }
                res.writeHead(200, { 'content-type': 'application/json', 'x-vendure-instance': 'fake:1' });
                const order = { __typename: 'Order' };
                res.end(JSON.stringify({ data: { addItemToOrder: order, activeOrder: order, removeAllOrderLines: order, product: { slug: variables.slug } } }));
            };
            setTimeout(answer, this.delayMs);
        });
    });
    baseUrl = '';

    async start(): Promise<void> {
        await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
        this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    stop(): Promise<void> {
        this.server.closeAllConnections();
        return new Promise(resolve => this.server.close(() => resolve()));
    }

    count(operation: string): number {
        return this.seen.filter(s => s.operation === operation).length;
    }
}

const shop = new FakeShop();
const client = () => httpClient(shop.baseUrl);

beforeAll(() => shop.start());
afterAll(() => shop.stop());

async function iterate(user: VirtualUser, times: number, collector = new Collector()) {
    const http = client();
    for (let i = 0; i < times; i++) {
        await user.iterate({ http, collector, timeoutMs: 5_000, abandoned: () => false });
    }
    http.close();
    return collector.result({ baseUrl: shop.baseUrl, profile: 'test', journeys: [user.journeyName], offeredJourneysPerSecond: 1, maxVUs: 1 }, 1, 0);
}

describe('a virtual user', () => {
    it('signs an administrator in once and works with that token from then on', async () => {
        shop.seen.length = 0;
        const result = await iterate(new VirtualUser(loaded, pools, 'admin', 0), 3);
        expect(shop.count('AdminLogin')).toBe(1);
        expect(shop.seen.map(s => s.operation)).toEqual(['AdminLogin', 'AdminProducts', 'AdminOrders', 'AdminProducts', 'AdminOrders', 'AdminProducts', 'AdminOrders']);
        expect(shop.seen.slice(1).every(s => s.authorization === 'Bearer token-of-superadmin')).toBe(true);
        expect(result).toMatchObject({ requests: 7, failed: 0, graphqlErrors: 0, unmet: 0 });
        // The sign-in is timed apart: bcrypt is slow by design, and the latency objective is about the rest.
        expect(result.signInLatencyMs.max).toBeGreaterThan(0);
        expect(result.steps['admin/login'].requests).toBe(1);
    });

    it('signs a customer in once per session of sessionIterations journeys, always the same customer for one virtual user', async () => {
        shop.seen.length = 0;
        const sessionIterations = loaded.scenario.journeys['cart-customer'].sessionIterations!;
        await iterate(new VirtualUser(loaded, pools, 'cart-customer', 1), sessionIterations + 1);
        expect(shop.count('ShopLogin')).toBe(2);
        expect(new Set(shop.seen.filter(s => s.operation === 'ShopLogin').map(s => s.username))).toEqual(new Set(['loadtest-02@loadtest.invalid']));
    });

    it('starts an iteration session without a token, and carries the token of one answer to the next request', async () => {
        shop.seen.length = 0;
        const result = await iterate(new VirtualUser(loaded, pools, 'browse', 0), 2);
        expect(shop.seen.every(s => s.authorization === undefined)).toBe(true);
        expect(result.instances).toEqual({ 'fake:1': 6 });
        expect(result.steps['browse/product-detail']).toMatchObject({ requests: 2, unmet: 0 });
    });

    it('stops a journey whose sign-in a limit refused: a 429, never a string of errors after it', async () => {
        shop.seen.length = 0;
        shop.refuseLogins = true;
        try {
            const result = await iterate(new VirtualUser(loaded, pools, 'admin', 0), 2);
            expect(shop.seen.map(s => s.operation)).toEqual(['AdminLogin', 'AdminLogin']);
            expect(result).toMatchObject({ rateLimited: { 'login-concurrency': 2 }, failed: 0, graphqlErrors: 0, unmet: 0 });
        } finally {
            shop.refuseLogins = false;
        }
    });
});

describe('the open-model driver', () => {
    it('shares virtual users out by weight, the Shop API ones under the connection limit', () => {
        expect(vuCaps(loaded.scenario, loaded.scenario.mix, 100)).toEqual({ browse: 50, search: 25, 'cart-anonymous': 13, 'cart-customer': 4, admin: 8 });
        const capped = vuCaps(loaded.scenario, loaded.scenario.mix, 100, 46);
        expect(capped.admin).toBe(8);
        expect(capped.browse + capped.search + capped['cart-anonymous'] + capped['cart-customer']).toBeLessThanOrEqual(46);
    });

    it('starts iterations on schedule, per journey, whether or not earlier ones finished', async () => {
        shop.seen.length = 0;
        const http = client();
        const mix = { search: 1, browse: 1 };
        try {
            const result = await runArrivalRate({
                baseUrl: shop.baseUrl,
                loaded,
                profile: 'test',
                mix,
                journeysPerSecond: 20,
                durationS: 1,
                users: new VirtualUsers(loaded, pools, vuCaps(loaded.scenario, mix, 20)),
                http,
            });
            expect(result.iterations).toBe(20);
            expect(result.droppedIterations).toBe(0);
            expect(result.requests).toBe(10 * 1 + 10 * 3);
            expect(shop.count('Search')).toBe(10);
        } finally {
            http.close();
        }
    });

    it('drops an iteration when every virtual user of its journey is busy, as k6 does', async () => {
        const http = client();
        shop.delayMs = 400;
        try {
            const result = await runArrivalRate({
                baseUrl: shop.baseUrl,
                loaded,
                profile: 'test',
                mix: { search: 1 },
                journeysPerSecond: 10,
                durationS: 1,
                users: new VirtualUsers(loaded, pools, { search: 1 }),
                http,
            });
            expect(result.iterations + result.droppedIterations).toBe(10);
            expect(result.droppedIterations).toBeGreaterThanOrEqual(6);
            expect(result.sampleProblems).toEqual([]);
        } finally {
            shop.delayMs = 0;
            http.close();
        }
    });
});
