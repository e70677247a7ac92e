import { readFileSync } from 'node:fs';
import path from 'node:path';

import { GraphQLClient, REPO_ROOT, run, type ComposeProject, type StackEnv } from '@vendure-scale/e2e-support';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Products the suite adds with the catalogue generator. 2,000 rather than the 10,000: on
 * the 2-core CI machine 10,000 took 110 s to import and 179 s more for the workers to reindex,
 * about five minutes added to a suite that already runs long; 2,000 take about one. The 10,000
 * run is in docs/search.md (search p50 13-17 ms through nginx, one server).
 * COMPOSE_SEARCH_PRODUCTS=10000 runs the full size here.
 */
export const SEARCH_SUITE_PRODUCTS = Number(process.env.COMPOSE_SEARCH_PRODUCTS ?? 2_000);

/** The load tests' search journey: the document it sends and terms of the generated catalogue. */
const SEARCH = readFileSync(path.join(REPO_ROOT, 'load-tests', 'graphql', 'shop', 'search.graphql'), 'utf8');
const TERMS = ['headphones', 'espresso machine', 'yoga mat', 'kettlebell', 'wireless', 'desk lamp', 'puzzle', 'serum', 'harness', 'blender'];
const MEDIAN_LIMIT_MS = 50;
/** The bound is for one server: what one server's search costs, not how well nginx spreads it. */
const SERVERS = 1;

/**
 * The catalogue generator against the real stack (`docker compose run` of the migrate service,
 * as `npx nx run load-tests:catalogue` runs it), then the search journey through nginx on the
 * larger catalogue, with one server (scaled down to it, as the suite is registered last).
 */
export function searchTests(stackOf: () => { env: StackEnv; stack: ComposeProject }) {
    describe('search on a generated catalogue', () => {
        beforeAll(async () => {
            const { stack } = stackOf();
            if ((await stack.running('server')).length === 0) {
                // Run alone (`-t 'search on a generated catalogue'` filters out test 1, which starts the stack).
                await stack.compose(['up', '--detach', '--build', '--scale', `server=${SERVERS}`, '--wait', '--wait-timeout', '600'], 840_000);
            } else {
                // Registered last, so scaling down leaves no later test with fewer servers than it expects.
                await stack.scaleServers(SERVERS);
            }
        }, 900_000);

        it(`S1. imports ${SEARCH_SUITE_PRODUCTS} products with the catalogue generator inside the stack, and the workers index them`, async () => {
            const { stack, env } = stackOf();
            const shop = new GraphQLClient(`${env.baseUrl}/shop-api`);
            const before = (await shop.request(`{ products { totalItems } }`)).data.products.totalItems;
            const started = Date.now();
            const result = await run(
                process.execPath,
                [path.join(REPO_ROOT, 'load-tests', 'dist', 'catalogue', 'catalogue-cli.js'), `--products=${SEARCH_SUITE_PRODUCTS}`, '--wait-timeout=900'],
                1_500_000,
                { env: stack.composeEnv },
            );
            const output = `${result.stdout}\n${result.stderr}`;
            console.info(`catalogue generator, ${Math.round((Date.now() - started) / 1000)} s:\n${output.split('\n').filter(line => /^(catalogue:| {2})/.test(line)).join('\n')}`);
            expect(result.code, output.slice(-4000)).toBe(0);
            expect(output).toMatch(new RegExp(`${SEARCH_SUITE_PRODUCTS} products requested, 0 were there, ${SEARCH_SUITE_PRODUCTS} imported`));
            const after = (await shop.request(`{ products { totalItems } }`)).data.products.totalItems;
            expect(after - before).toBe(SEARCH_SUITE_PRODUCTS);
            const { data } = await shop.request(`{ search(input: { term: "headphones", groupByProduct: true }) { totalItems } }`);
            expect(data.search.totalItems).toBeGreaterThan(0);
        }, 1_600_000);

        it('S2. runs the shop’s indexed search: a part of a word finds what the default strategy cannot', async () => {
            const shop = new GraphQLClient(`${stackOf().env.baseUrl}/shop-api`);
            const { data } = await shop.request(`{ search(input: { term: "eadphone", groupByProduct: true, take: 5 }) { totalItems items { productName } } }`);
            expect(data.search.totalItems).toBeGreaterThan(0);
            expect(data.search.items.every((i: any) => /headphone/i.test(i.productName))).toBe(true);
        });

        it(`S3. answers the search journey through nginx with a median under ${MEDIAN_LIMIT_MS} ms over 20 requests`, async () => {
            const { stack, env } = stackOf();
            const servers = (await stack.running('server')).length;
            expect(servers).toBe(SERVERS);
            const shop = new GraphQLClient(`${env.baseUrl}/shop-api`);
            const search = async (term: string) => {
                const started = performance.now();
                const { data } = await shop.request(SEARCH, { term, take: 12 });
                const ms = performance.now() - started;
                expect(data.search.totalItems, term).toBeGreaterThan(0);
                return ms;
            };
            // Every server's first searches compile plans and fill pools: two rounds over nginx's upstreams first.
            for (let i = 0; i < servers * 2; i++) await search(TERMS[i % TERMS.length]);
            const times: number[] = [];
            for (let i = 0; i < 20; i++) times.push(await search(TERMS[i % TERMS.length]));
            const sorted = [...times].sort((a, b) => a - b);
            const median = (sorted[9] + sorted[10]) / 2;
            console.info(
                `search journey through nginx, ${servers} servers, ${SEARCH_SUITE_PRODUCTS} generated products + the sample: ` +
                    `median ${median.toFixed(1)} ms, max ${sorted[19].toFixed(1)} ms (${sorted.map(t => t.toFixed(0)).join(', ')})`,
            );
            expect(median).toBeLessThan(MEDIAN_LIMIT_MS);
        });
    });
}
