import path from 'node:path';

import { freePort, GraphQLSession, REPO_ROOT, run } from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { comparable, searchAll, type SearchAnswer } from '../src/search/search-answers';
import { browseCases, filterRefs, GENERATED_TERMS, SAMPLE_TERMS, searchCases, type SearchCase } from '../src/search/search-cases';
import { appEntry, TestCluster } from '../src/test-cluster';

/**
 * The shop's IndexedSearchStrategy against Vendure's own PostgresSearchStrategy, on one database
 * with the real index: the sample catalogue plus 200 generated products, imported by the catalogue
 * generator and indexed by two workers. Servers A and B run the shop (the indexed strategy); the
 * reference server runs the same shop with the default strategy (src/search/default-search-server.ts).
 */

const REFERENCE_ENTRY = path.join(__dirname, '..', 'dist', 'search', 'default-search-server.js');
const CATALOGUE_ENTRY = path.join(REPO_ROOT, 'load-tests', 'dist', 'catalogue', 'import-catalogue-main.js');
const GENERATED_PRODUCTS = 200;
const SAMPLE_PRODUCTS = 54;

let cluster: TestCluster;
const url: Record<'A' | 'B' | 'reference', string> = { A: '', B: '', reference: '' };
let catalogueLog = '';

const shop = (server: keyof typeof url) => `${url[server]}/shop-api`;

/** The generator's import, as `--via=direct` runs it (RoleProcess takes no arguments). */
function importCatalogue(timeoutMs: number) {
    return run(process.execPath, [CATALOGUE_ENTRY, `--products=${GENERATED_PRODUCTS}`, '--wait-timeout=300'], timeoutMs, {
        env: { ...cluster.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
    });
}

beforeAll(async () => {
    cluster = await TestCluster.start('search');
    const migrate = cluster.spawn('migrate', appEntry('server', 'migrate.js'), { SEED_SAMPLE_DATA: 'true' });
    expect(await migrate.waitForExit(180_000), migrate.logs).toBe(0);

    const ports = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    const servers: Array<[keyof typeof url, string]> = [
        ['A', appEntry('server', 'main.js')],
        ['B', appEntry('server', 'main.js')],
        ['reference', REFERENCE_ENTRY],
    ];
    await Promise.all([
        ...servers.map(([name, entry], i) => {
            url[name] = `http://127.0.0.1:${ports[i]}`;
            return cluster.startRole(`server-${name}`, entry, { PORT: String(ports[i]) }, `${url[name]}/health`);
        }),
        ...[3, 4].map(i => cluster.startRole(`worker-${i - 2}`, appEntry('worker', 'main.js'), { WORKER_HEALTH_PORT: String(ports[i]) }, `http://127.0.0.1:${ports[i]}/health`)),
    ]);

    // The generator as `--via=direct` runs it, with the same settings as the roles; it returns
    // once the workers have applied the collection filters and reindexed.
    const catalogue = await importCatalogue(420_000);
    catalogueLog = `${catalogue.stdout}\n${catalogue.stderr}`;
    expect(catalogue.code, catalogueLog).toBe(0);
}, 900_000);

afterAll(async () => {
    await cluster?.stop();
});

describe('the catalogue generator, in CI', () => {
    it(`imported ${GENERATED_PRODUCTS} products through Vendure's importer, next to the sample catalogue`, async () => {
        console.info(catalogueLog.split('\n').filter(line => line.startsWith('catalogue:') || line.startsWith('  ')).join('\n'));
        expect(catalogueLog).toMatch(new RegExp(`${GENERATED_PRODUCTS} products requested, 0 were there, ${GENERATED_PRODUCTS} imported`));
        const { data } = await new GraphQLSession().query(shop('A'), '{ products { totalItems } }');
        expect(data.products.totalItems).toBe(SAMPLE_PRODUCTS + GENERATED_PRODUCTS);
    });

    it('adds nothing when it runs again on the same shop', async () => {
        const again = await importCatalogue(300_000);
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toMatch(new RegExp(`${GENERATED_PRODUCTS} already there, 0 to import`));
        expect(again.stdout).toMatch(/collections: 0 created/);
        expect(again.stdout).toMatch(/no reindex needed/);
        const { data } = await new GraphQLSession().query(shop('A'), '{ products { totalItems } collections { totalItems } }');
        expect(data.products.totalItems).toBe(SAMPLE_PRODUCTS + GENERATED_PRODUCTS);
    });
});

describe('IndexedSearchStrategy gives the products of Vendure’s default strategy', () => {
    let slugs: Record<string, string> = {};

    beforeAll(async () => {
        const { data } = await new GraphQLSession().query(shop('reference'), '{ collections(options: { take: 100 }) { items { id slug } } }');
        slugs = Object.fromEntries(data.collections.items.map((c: any) => [c.id, c.slug]));
    });

    async function differences(cases: SearchCase[]): Promise<unknown[]> {
        const found: unknown[] = [];
        for (const c of cases) {
            const [mine, reference] = await Promise.all([searchAll(shop('A'), c.input), searchAll(shop('reference'), c.input)]);
            if (JSON.stringify(comparable(mine, c.ordered)) !== JSON.stringify(comparable(reference, c.ordered))) {
                found.push({ case: c.name, input: c.input, indexed: comparable(mine, c.ordered), reference: comparable(reference, c.ordered) });
            }
        }
        return found;
    }

    it.each([...SAMPLE_TERMS, ...GENERATED_TERMS])('for "%s", with every filter, sort and page', async term => {
        const reference = await searchAll(shop('reference'), { term, groupByProduct: true });
        expect(reference.totalItems, `"${term}" must find something, or the comparison proves little`).toBeGreaterThan(0);
        expect(await differences(searchCases(term, filterRefs(reference, id => slugs[id])))).toEqual([]);
        const top = async (server: 'A' | 'reference') =>
            (await searchAll(shop(server), { term, groupByProduct: true, take: 5 })).items.map(i => i.productName).join(' | ');
        // The ranking may differ (docs/search.md); shown, not asserted.
        console.info(`"${term}": ${reference.totalItems} products\n  indexed:   ${await top('A')}\n  reference: ${await top('reference')}`);
    }, 300_000);

    it('for collection pages without a term, order included', async () => {
        const cases = ['audio-hi-fi', 'headphones', 'fitness', 'electronics', 'plants'].flatMap(browseCases);
        expect(await differences(cases)).toEqual([]);
    }, 300_000);

    it("filters by price and price with tax to the default's rows within the range", async () => {
        const all = await searchAll(shop('reference'), { term: 'headphones', groupByProduct: false });
        // Inner prices only, so that the range leaves out the cheapest and the dearest (colours share a price).
        const prices = [...new Set(all.items.map(i => i.priceWithTax.value!))].sort((a, b) => a - b);
        expect(prices.length, 'the test needs three different prices').toBeGreaterThanOrEqual(3);
        const range = { min: prices[1], max: prices[prices.length - 2] };
        const within = (answer: SearchAnswer) => answer.items.filter(i => i.priceWithTax.value! >= range.min && i.priceWithTax.value! <= range.max);
        const filtered = await searchAll(shop('A'), { term: 'headphones', groupByProduct: false, priceRangeWithTax: range });
        expect(filtered.ids.sort()).toEqual(within(all).map(i => i.productVariantId).sort());
        expect(filtered.totalItems).toBe(within(all).length);
        expect(filtered.totalItems).toBeGreaterThan(0);
        expect(filtered.totalItems).toBeLessThan(all.totalItems);
    });

    it('finds a term that matches no word by part of one, where the default finds nothing', async () => {
        const reference = await searchAll(shop('reference'), { term: 'eadphone', groupByProduct: true });
        const mine = await searchAll(shop('A'), { term: 'eadphone', groupByProduct: true });
        expect(reference.totalItems).toBe(0);
        expect(mine.totalItems).toBeGreaterThan(0);
        expect(mine.items.every(i => /headphone/i.test(i.productName))).toBe(true);
    });
});

describe('the index is written by the workers and read by every server', () => {
    it('finds a product renamed through server A under its new name through server B', async () => {
        const admin = new GraphQLSession('bearer');
        await admin.query(`${url.A}/admin-api`, `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } } }`, {
            u: cluster.superadmin.username,
            p: cluster.superadmin.password,
        });
        const { data: found } = await admin.query(`${url.A}/admin-api`, `{ products(options: { take: 1, filter: { slug: { contains: "-7" } } }) { items { id name } } }`);
        const product = found.products.items[0];
        const word = `zq${Date.now().toString(36).replace(/[0-9]/g, d => 'abcdefghij'[Number(d)])}`;
        await admin.query(`${url.A}/admin-api`, `mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { id } }`, {
            input: { id: product.id, translations: [{ languageCode: 'en', name: `${product.name} ${word}` }] },
        });
        const search = () => searchAll(shop('B'), { term: word, groupByProduct: true });
        let answer = await search();
        for (let i = 0; i < 60 && !answer.items.length; i++) {
            await new Promise(resolve => setTimeout(resolve, 1_000));
            answer = await search();
        }
        expect(answer.items.map(i => [i.productId, i.productName])).toEqual([[product.id, `${product.name} ${word}`]]);
    }, 120_000);
});
