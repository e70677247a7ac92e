import { describe, expect, it } from 'vitest';

import { Collector } from '../src/driver/collector';
import { ConnectionJourneys } from '../src/driver/connection-journeys';
import { loadScenario } from '../src/scenario/load-scenario';
import type { Pools } from '../src/scenario/picks';

const loaded = loadScenario();
const pools: Pools = {
    collections: [{ slug: 'electronics' }],
    products: [{ slug: 'laptop', name: 'Laptop' }],
    variants: [{ id: '1' }],
    searchTerms: [{ term: 'laptop' }],
    customers: [{ emailAddress: 'loadtest-01@loadtest.invalid', password: 'pw' }],
    admin: [{ username: 'superadmin', password: 'pw' }],
};
const order = JSON.stringify({ data: { addItemToOrder: { __typename: 'Order' }, activeOrder: { __typename: 'Order' } } });

describe('ConnectionJourneys', () => {
    it('carries the token of an answer to the next request, and starts every iteration without one', () => {
        const vu = new ConnectionJourneys(loaded, pools, { 'cart-anonymous': 1 });
        const first = vu.nextRequest();
        expect(first.path).toBe('/shop-api');
        expect(first.headers['content-type']).toBe('application/json');
        expect(first.headers.authorization).toBeUndefined();
        expect(JSON.parse(first.body).variables).toEqual({ productVariantId: '1', quantity: 1 });
        vu.answered(200, order, { 'vendure-auth-token': 'guest-1', 'X-Vendure-Instance': 'a' });
        expect(vu.nextRequest().headers.authorization).toBe('Bearer guest-1');
        vu.answered(200, order, {});
        expect(vu.nextRequest().headers.authorization).toBe('Bearer guest-1');
        const answer = vu.answered(200, order, {});
        expect(answer).toMatchObject({ key: 'cart-anonymous/active-order', verdict: { failed: false, graphqlErrors: false, unmet: [] } });
        expect(vu.nextRequest().headers.authorization).toBeUndefined();
    });

    it('keeps a vu session and skips its login once it succeeded', () => {
        const vu = new ConnectionJourneys(loaded, pools, { admin: 1 });
        expect(JSON.parse(vu.nextRequest().body).query).toContain('mutation AdminLogin');
        vu.answered(200, JSON.stringify({ data: { login: { __typename: 'CurrentUser' } } }), { 'vendure-auth-token': 'admin-1' });
        expect(vu.nextRequest().body).toContain('query AdminProducts');
        vu.answered(200, JSON.stringify({ data: { products: {} } }), {});
        expect(vu.nextRequest().body).toContain('query AdminOrders');
        vu.answered(200, JSON.stringify({ data: { orders: {} } }), {});
        const next = vu.nextRequest();
        expect(next.body).toContain('query AdminProducts');
        expect(next.headers.authorization).toBe('Bearer admin-1');
    });

    it('judges GraphQL errors and unmet expectations even with status 200', () => {
        const vu = new ConnectionJourneys(loaded, pools, { 'cart-anonymous': 1 });
        vu.nextRequest();
        const errors = vu.answered(200, JSON.stringify({ errors: [{ message: 'boom' }] }), {});
        expect(errors.verdict).toMatchObject({ graphqlErrors: true, detail: 'boom' });
        vu.nextRequest();
        const unmet = vu.answered(200, JSON.stringify({ data: { addItemToOrder: { __typename: 'InsufficientStockError' } } }), {});
        expect(unmet.verdict.unmet).toEqual(['addItemToOrder.__typename is "InsufficientStockError", expected Order']);
    });
});

describe('Collector', () => {
    it('pairs answers with latencies and counts every kind of failure once per request', () => {
        const collector = new Collector();
        collector.answered({ key: 'a/x', verdict: { failed: false, graphqlErrors: false, unmet: [] }, instance: 'i1' });
        collector.timed(10, 200);
        collector.answered({ key: 'a/x', verdict: { failed: false, graphqlErrors: true, unmet: ['u'], detail: 'boom' }, instance: 'i2' });
        collector.timed(30, 200);
        collector.transportError('timeout');
        const result = collector.result({ baseUrl: 'http://x', profile: 'p', journeys: ['a'], offeredRequestsPerSecond: 2, connections: 1 }, 2);
        expect(result).toMatchObject({ requests: 2, requestsPerSecond: 1, failed: 1, graphqlErrors: 1, unmet: 1, instances: { i1: 1, i2: 1 } });
        expect(result.checkRate).toBeCloseTo(1 / 3, 6);
        expect(result.failedRate).toBeCloseTo(1 / 3, 6);
        expect(result.steps['a/x'].latencyMs).toMatchObject({ p50: 10, p95: 30, max: 30 });
        expect(result.sampleProblems).toEqual(['a/x: boom', 'timeout']);
    });
});
