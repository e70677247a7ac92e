import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../src/free-port';
import { containerOf } from '../src/instance-name';
import { RequestLoop, underLoad, type LoopOptions, type LoopRequest } from '../src/request-loop';

/**
 * A stand-in for nginx and Vendure: the query says how to answer, every answer names an instance,
 * and the server counts what it was sent, so that a test sees whether the loop really stopped.
 */
let server: Server;
let url: string;
let received = 0;

const ANSWERS: Record<string, { status: number; text: string }> = {
    ok: { status: 200, text: JSON.stringify({ data: { ok: true } }) },
    html: { status: 502, text: '<html>bad gateway</html>' },
    errors: { status: 200, text: JSON.stringify({ errors: [{ message: 'no such field' }] }) },
    wrong: { status: 200, text: JSON.stringify({ data: { ok: false } }) },
    garbled: { status: 200, text: '{"data":' },
};

beforeAll(async () => {
    server = createServer((req, res) => {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
            received++;
            const { query } = JSON.parse(body) as { query: string };
            const answer = query === 'whoami' ? { status: 200, text: JSON.stringify({ data: { auth: req.headers.authorization ?? null } }) } : ANSWERS[query];
            res.statusCode = answer.status;
            res.setHeader('x-vendure-instance', `c0ffee:${query.length}`);
            res.end(answer.text);
        });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop-api`;
});

afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

const ok: LoopRequest = { query: 'ok', expect: d => d?.ok === true };

function options(overrides: Partial<LoopOptions>): LoopOptions {
    return { url, concurrency: 2, maxRequests: 1_000, maxDurationMs: 10_000, pauseMs: 5, timeoutMs: 5_000, requests: [ok], ...overrides };
}

describe('RequestLoop', () => {
    it('sends every kind of request on its own lanes, with its token, and names the instance that answered', async () => {
        const whoami: LoopRequest = { query: 'whoami', token: 't0k3n', expect: d => d?.auth === 'Bearer t0k3n' };
        const loop = new RequestLoop(options({ concurrency: 4, requests: [ok, whoami] })).start();
        await sleep(200);
        const summary = await loop.stop();
        expect(summary.failures).toEqual([]);
        expect(summary.boundHit).toBe(false);
        expect(summary.sent).toBe(summary.records.length);
        expect(new Set(summary.records.map(r => r.instance))).toEqual(new Set(['c0ffee:2', 'c0ffee:6']));
        expect(containerOf(summary.records[0].instance!)).toBe('c0ffee');
        expect(summary.records.every(r => r.startedAt <= r.endedAt)).toBe(true);
    });

    it('records each kind of failure with what went wrong, and goes on sending', async () => {
        const failing = ['html', 'errors', 'wrong', 'garbled'].map(query => ({ query, expect: (d: any) => d?.ok === true }));
        const loop = new RequestLoop(options({ concurrency: 4, requests: failing })).start();
        await sleep(200);
        const summary = await loop.stop();
        expect(summary.failed).toBe(summary.sent);
        const errors = new Set(summary.failures.map(f => f.error));
        expect(errors).toEqual(
            new Set([
                'HTTP 502: <html>bad gateway</html>',
                'GraphQL: no such field',
                'unexpected data: {"ok":false}',
                'not JSON: {"data":',
            ]),
        );
        expect(summary.sent).toBeGreaterThan(4);
    });

    it('records a refused connection with the network error', async () => {
        const nobody = `http://127.0.0.1:${await freePort()}/shop-api`;
        const summary = await new RequestLoop(options({ url: nobody, concurrency: 1, maxRequests: 1 })).start().stop();
        expect(summary.failures).toHaveLength(1);
        expect(summary.failures[0].error).toMatch(/ECONNREFUSED/);
    });

    it('ends at its request bound and says so', async () => {
        const loop = new RequestLoop(options({ maxRequests: 7 })).start();
        await sleep(500);
        const summary = await loop.stop();
        expect(summary.sent).toBe(7);
        expect(summary.boundHit).toBe(true);
    });

    it('ends at its time bound and says so', async () => {
        const loop = new RequestLoop(options({ maxDurationMs: 100 })).start();
        await sleep(400);
        const before = received;
        await sleep(100);
        expect(received).toBe(before);
        expect((await loop.stop()).boundHit).toBe(true);
    });
});

describe('underLoad', () => {
    it('returns the work result with the summary of the requests sent meanwhile', async () => {
        const { result, summary } = await underLoad(options({}), async loop => {
            await sleep(100);
            return loop.answered.length > 0;
        });
        expect(result).toBe(true);
        expect(summary.sent).toBeGreaterThan(0);
        expect(summary.boundHit).toBe(false);
    });

    it('stops the loop when the work throws', async () => {
        await expect(
            underLoad(options({}), async () => {
                await sleep(50);
                throw new Error('step failed');
            }),
        ).rejects.toThrow('step failed');
        const after = received;
        await sleep(100);
        expect(received).toBe(after);
    });
});
