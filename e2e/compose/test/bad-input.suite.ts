import type { ComposeProject, StackEnv } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

import { trickleHeaders } from '../src/raw-http';
import { mib, serverContainerStates, type ServerContainerState } from '../src/server-container-state';

const APIS = ['shop-api', 'admin-api'] as const;

const nested = (levels: number) => `{ collection(id: 1) ${'{ parent '.repeat(levels - 1)}{ id }${' }'.repeat(levels - 1)} }`;

/** The bad requests of the issue that reach a server (a 50 MB body never gets past nginx). */
const BAD_BODIES: Record<string, string> = {
    'malformed JSON': '{"query": "{ products { totalItems } }"',
    'malformed GraphQL': JSON.stringify({ query: '{ products(options: { take: 1 } { items' }),
    'query nested 100 deep': JSON.stringify({ query: nested(100) }),
};

async function post(url: string, body: string | Uint8Array) {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(60_000),
    });
    return { status: res.status, text: await res.text() };
}

/** A server that crashed shows a new pid or a restart count; one that is stuck, no health. */
function expectSameProcesses(before: ServerContainerState[], after: ServerContainerState[]) {
    const strip = ({ rssBytes: _rss, ...rest }: ServerContainerState) => rest;
    expect(after.map(strip)).toEqual(before.map(strip));
    expect(after.every(p => p.healthy && p.containerRestarts === 0 && p.pm2Restarts === 0)).toBe(true);
}

export function badInputTests(stackOf: () => { env: StackEnv; stack: ComposeProject }) {
    describe('bad input through nginx', () => {
        it('B1. answers malformed JSON, a malformed document and a 100-deep query with 400, on both APIs', async () => {
            const { env } = stackOf();
            for (const api of APIS) {
                const json = await post(`${env.baseUrl}/${api}`, BAD_BODIES['malformed JSON']);
                expect(json.status, `${api} malformed JSON`).toBe(400);
                const parse = await post(`${env.baseUrl}/${api}`, BAD_BODIES['malformed GraphQL']);
                expect(parse.status, `${api} malformed GraphQL`).toBe(400);
                expect(JSON.parse(parse.text).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
                const deep = await post(`${env.baseUrl}/${api}`, BAD_BODIES['query nested 100 deep']);
                expect(deep.status, `${api} 100 levels`).toBe(400);
                // Refused by graphql-armor before it runs: its depth or its cost limit, whichever counts first.
                expect(JSON.parse(deep.text).errors[0].message).toMatch(/^Query (depth|Cost) limit of \d+ exceeded, found \d+\.$/);
            }
        });

        it('B2. refuses a 50 MB body in nginx with 413, before any server sees it', async () => {
            const { env } = stackOf();
            const body = new Uint8Array(50 * 1024 * 1024).fill(0x20);
            for (const api of APIS) {
                let status: number | undefined;
                try {
                    status = (await post(`${env.baseUrl}/${api}`, body)).status;
                } catch (error) {
                    // nginx may answer 413 and close while the body is still being sent; the
                    // status is then in its access log, checked below.
                    console.info(`${api}: 50 MB upload ended with ${(error as Error).message}`);
                }
                if (status !== undefined) {
                    expect(status, api).toBe(413);
                }
            }
            const { stack } = stackOf();
            const log = await stack.logs('nginx');
            const entries = log
                .split('\n')
                .filter(line => line.startsWith('{'))
                .map(line => JSON.parse(line) as { uri: string; status: number; upstream_addr: string })
                .filter(e => e.status === 413);
            expect(entries.map(e => e.uri).sort()).toEqual(['/admin-api', '/shop-api']);
            expect(entries.every(e => e.upstream_addr === '')).toBe(true);
        });

        it('B3. cuts off a client that sends its headers a byte a second (client_header_timeout), serving others meanwhile', async () => {
            const { env } = stackOf();
            // client_header_timeout is 15 s (docker/nginx); 20 s bounds the test.
            const slow = trickleHeaders(env.port, 1_000, 20_000);
            const meanwhile = await post(`${env.baseUrl}/shop-api`, JSON.stringify({ query: '{ activeChannel { code } }' }));
            expect(meanwhile.status).toBe(200);
            const outcome = await slow;
            console.info('slow client:', outcome);
            expect(outcome.closedByServer).toBe(true);
            // nginx closes without an answer on a header timeout, or answers 408.
            expect(outcome.statusLine === undefined || /^HTTP\/1\.1 408/.test(outcome.statusLine)).toBe(true);
            expect(outcome.seconds).toBeLessThan(19);
            // Cut off after about 15 of its 1000-odd header bytes.
            expect(outcome.bytesSent).toBeLessThan(25);
        }, 30_000);

        it('B4. survives a burst of bad requests: no crash, no restart, no leak (RSS before and after)', async () => {
            const { env, stack } = stackOf();
            const kinds = Object.values(BAD_BODIES);
            const burst = async (total: number) => {
                const statuses = new Map<number, number>();
                let next = 0;
                // Eight callers at once, round-robin over the bad bodies and both APIs.
                await Promise.all(
                    Array.from({ length: 8 }, async () => {
                        while (next < total) {
                            const i = next++;
                            const { status } = await post(`${env.baseUrl}/${APIS[i % 2]}`, kinds[i % kinds.length]);
                            statuses.set(status, (statuses.get(status) ?? 0) + 1);
                        }
                    }),
                );
                return Object.fromEntries(statuses);
            };
            // Warm-up first: V8's heap and code caches grow on the first requests of any kind.
            // The admin API is limited per client in nginx (429): those count as refused too.
            await burst(150);
            const before = await serverContainerStates(stack);
            const statuses = await burst(600);
            const after = await serverContainerStates(stack);
            console.info('bad-request burst statuses:', statuses);
            console.table(
                before.map((b, i) => ({
                    container: b.container,
                    'RSS before (MiB)': mib(b.rssBytes),
                    'RSS after (MiB)': mib(after[i].rssBytes),
                    'growth (MiB)': mib(after[i].rssBytes - b.rssBytes),
                })),
            );
            expect(Object.keys(statuses).every(status => ['400', '429'].includes(status))).toBe(true);
            expectSameProcesses(before, after);
            for (const [i, b] of before.entries()) {
                // 600 rejected requests must not cost a server more than a few MiB for good; a
                // leak of even 100 kB per request would show as 60 MiB.
                expect(after[i].rssBytes - b.rssBytes, b.container).toBeLessThan(48 * 1024 * 1024);
            }
        }, 300_000);
    });
}
