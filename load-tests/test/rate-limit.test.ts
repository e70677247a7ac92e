import { describe, expect, it } from 'vitest';

import { Collector } from '../src/driver/collector';
import { errorCount } from '../src/driver/run-result';
import { judgeResponse } from '../src/graphql/judge-response';
import { classifyRateLimit } from '../src/graphql/rate-limit';
import { k6RateLimits } from '../src/limits/k6-rate-limits';
import { describeLimit, limitTripped } from '../src/limits/limit-advice';
import { readStackLimits } from '../src/limits/stack-limits';

// What nginx 1.30 sends for limit_req_status/limit_conn_status 429 (its built-in error page).
const NGINX_429 = '<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
// What the servers' login limiter sends (packages/cluster/src/limits/login-rate-limit.ts).
const serverError = (message: string) => JSON.stringify({ errors: [{ message, extensions: { code: 'TOO_MANY_REQUESTS' } }], data: null });

describe('classifyRateLimit', () => {
    it("names nginx's limit by the API its page answered for", () => {
        expect(classifyRateLimit('/admin-api', 429, NGINX_429)).toBe('nginx-admin-api');
        expect(classifyRateLimit('/ADMIN-API', 429, NGINX_429)).toBe('nginx-admin-api');
        expect(classifyRateLimit('/shop-api', 429, NGINX_429)).toBe('nginx-shop-api');
        expect(classifyRateLimit('/assets/x.png', 429, NGINX_429)).toBe('nginx');
    });

    it("names the servers' login limiter by its message", () => {
        expect(classifyRateLimit('/shop-api', 429, serverError('Too many failed login attempts; try again in 900 seconds'))).toBe('login-failures');
        expect(classifyRateLimit('/admin-api', 429, serverError('Too many concurrent password requests; try again in 1 seconds'))).toBe('login-concurrency');
        expect(classifyRateLimit('/shop-api', 429, serverError('Too many password and account requests; try again in 60 seconds'))).toBe('password-mutations');
        expect(classifyRateLimit('/shop-api', 429, serverError('slow down'))).toBe('server');
    });

    it('counts a TOO_MANY_REQUESTS error whatever the status, and a JSON 429 without the code as the servers\'', () => {
        expect(classifyRateLimit('/shop-api', 200, serverError('Too many failed login attempts'))).toBe('login-failures');
        expect(classifyRateLimit('/shop-api', 429, JSON.stringify({ errors: [{ message: 'Too many concurrent password requests' }] }))).toBe('login-concurrency');
    });

    it('leaves every other answer alone: 5xx, other 4xx, GraphQL errors', () => {
        expect(classifyRateLimit('/shop-api', 502, '<html><title>502 Bad Gateway</title></html>')).toBeUndefined();
        expect(classifyRateLimit('/shop-api', 400, JSON.stringify({ errors: [{ message: 'bad', extensions: { code: 'BAD_REQUEST' } }] }))).toBeUndefined();
        expect(classifyRateLimit('/shop-api', 200, JSON.stringify({ errors: [{ message: 'You are not currently authorized' }] }))).toBeUndefined();
        expect(classifyRateLimit('/shop-api', 200, JSON.stringify({ data: { x: 1 } }))).toBeUndefined();
    });
});

describe('a 429 is never a server error', () => {
    it('judgeResponse marks it rate-limited, not failed, not a GraphQL error', () => {
        expect(judgeResponse('/admin-api', 429, NGINX_429)).toMatchObject({ failed: false, graphqlErrors: false, unmet: [], rateLimited: 'nginx-admin-api' });
        expect(judgeResponse('/shop-api', 429, serverError('Too many failed login attempts'), { 'login.__typename': 'CurrentUser' })).toMatchObject({
            failed: false,
            graphqlErrors: false,
            unmet: [],
            rateLimited: 'login-failures',
        });
        const unavailable = judgeResponse('/shop-api', 503, 'x');
        expect(unavailable.failed).toBe(true);
        expect(unavailable.rateLimited).toBeUndefined();
    });

    it('the collector counts 429s by limit, apart from errors, checks and the failed rate', () => {
        const collector = new Collector();
        collector.answered('a/x', 10, judgeResponse('/shop-api', 200, JSON.stringify({ data: {} })));
        collector.answered('a/x', 20, judgeResponse('/shop-api', 429, NGINX_429));
        collector.answered('b/login', 30, judgeResponse('/admin-api', 429, serverError('Too many concurrent password requests')));
        collector.answered('a/x', 40, judgeResponse('/shop-api', 500, 'oops'));
        const result = collector.result({ baseUrl: 'http://x', profile: 'p', journeys: ['a', 'b'], offeredJourneysPerSecond: 1, maxVUs: 1 }, 1, 0);
        expect(result.rateLimited).toEqual({ 'login-concurrency': 1, 'nginx-shop-api': 1 });
        expect(errorCount(result)).toBe(1);
        expect(result.failed).toBe(1);
        expect(result.failedRate).toBe(0.5);
        expect(result.checkRate).toBe(0.5);
        expect(result.steps['a/x']).toMatchObject({ requests: 3, failed: 1, rateLimited: 1 });
    });
});

describe('the message of a run that tripped a limit', () => {
    const limits = readStackLimits({ env: { NGINX_ADMIN_API_RATE: '20r/s' }, envFile: {} });

    it('says which limit, with its settings, and how to raise it for a benchmark', () => {
        const [line] = limitTripped({ 'nginx-admin-api': 1857 }, limits);
        expect(line).toContain('1857 answer(s) 429');
        expect(line).toContain("nginx's Admin API limit per client address (NGINX_ADMIN_API_RATE=20r/s, NGINX_ADMIN_API_BURST=100)");
        expect(line).toMatch(/To raise it: .*NGINX_ADMIN_API_RATE=10000r\/s.*docker compose up -d/);
        expect(describeLimit('login-concurrency', limits)).toContain('LOGIN_MAX_CONCURRENT_PER_IP=1, LOGIN_MAX_WAIT_MS=10000');
        expect(limitTripped({ 'login-failures': 2 }, limits)[0]).toContain('LOGIN_MAX_FAILURES=0 turns the limiter off');
    });

    it('says nothing when no limit answered', () => {
        expect(limitTripped({}, limits)).toEqual([]);
        expect(limitTripped({ 'nginx-shop-api': 0 }, limits)).toEqual([]);
    });
});

describe("a k6 run's 429s", () => {
    it('are read per limit from the summary k6/lib/summary.js writes, zero counts and other metrics ignored', () => {
        const summary = {
            metrics: {
                rate_limited: { values: { count: 5, rate: 0.1 } },
                'rate_limited{limit:nginx-admin-api}': { values: { count: 4, rate: 0.08 } },
                'rate_limited{limit:login-concurrency}': { values: { count: 1, rate: 0.02 } },
                'rate_limited{limit:nginx-shop-api}': { values: { count: 0, rate: 0 } },
                http_reqs: { values: { count: 50 } },
            },
        };
        expect(k6RateLimits(summary)).toEqual({ 'nginx-admin-api': 4, 'login-concurrency': 1 });
        expect(k6RateLimits(undefined)).toEqual({});
        expect(k6RateLimits({ metrics: {} })).toEqual({});
    });
});
