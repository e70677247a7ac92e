import { createRequire } from 'node:module';

import { defaultVendureComplexityEstimator } from '@vendure/harden-plugin';
import { getIntrospectionQuery, parse, type GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
    ADMIN_OPERATION_LIMITS,
    operationLimits,
    resolveOperationLimits,
    SHOP_OPERATION_LIMITS,
    type OperationLimitsOptions,
} from '../src/limits/operation-limits';
import { limitedApis, vendureSchema, type Send } from './operation-limits-driver';

// Vite resolves `graphql` to its ESM build for these sources, Node to the CommonJS one for Apollo,
// Vendure and armor; schema objects cannot cross between the two. One copy, as in production.
vi.mock('graphql', () => createRequire(__filename)('graphql'));

/** Fragments that each spread the next one twice: 2^levels fields once expanded, under 1.5 KB. */
function doubling(levels: number): string {
    let document = '{ products { items { ...F0 } } }\n';
    for (let i = 0; i < levels; i++) document += `fragment F${i} on Product { id ...F${i + 1} ...F${i + 1} }\n`;
    return `${document}fragment F${levels} on Product { name }\n`;
}

/** The same with nothing but spreads until the last level, on Query (the hostile-traffic drill's form). */
function doublingOnQuery(levels: number): string {
    let document = 'query Doubling { ...F0 }\n';
    for (let i = 0; i < levels; i++) document += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
    return `${document}fragment F${levels} on Query { activeChannel { code } }\n`;
}

/** The document that crashed servers: `aliases` lists of 100 products with variants and collections. */
function productAliases(aliases: number): string {
    const list = 'products(options: { take: 100 }) { items { id name slug variants { id name sku priceWithTax } collections { id name slug } } }';
    return `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${list}`).join('\n')} }`;
}

/** `collection { parent { parent { … { id } } } }`: `levels` fields deep. */
function nestedCollections(levels: number): string {
    return `{ collection(id: 1) ${'{ parent '.repeat(levels - 2)}{ id }${' }'.repeat(levels - 2)} }`;
}

const storefrontPage = `
    query ProductPage($slug: String!) {
        product(slug: $slug) { ...Detail }
        activeOrder { id code totalQuantity totalWithTax lines { id quantity productVariant { id name } } }
    }
    fragment Asset on Asset { id preview focalPoint { x y } }
    fragment Detail on Product {
        id name slug description
        featuredAsset { ...Asset }
        assets { ...Asset }
        collections { id slug name breadcrumbs { id name slug } }
        variants { id name sku priceWithTax currencyCode stockLevel featuredAsset { ...Asset } options { code name } }
    }
`;

let schemas: Record<'shop' | 'admin', GraphQLSchema>;
const running: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
    schemas = { shop: await vendureSchema('shop'), admin: await vendureSchema('admin') };
});
afterAll(async () => {
    await Promise.all(running.map(stop => stop()));
});

/** Both APIs as Vendure would serve them with these limits; stopped after the file's tests. */
async function apis(production: boolean, options: Omit<OperationLimitsOptions, 'production'> = {}): Promise<Send> {
    const { send, stop } = await limitedApis({ production, ...options }, schemas);
    running.push(stop);
    return send;
}

describe('operationLimits: what Vendure gets', () => {
    it('gives each API its own validation rules and one plugin list', () => {
        const production = operationLimits({ production: true });
        expect(production.shopApiValidationRules.length).toBeGreaterThan(0);
        expect(production.adminApiValidationRules.length).toBeGreaterThan(0);
        // The shop's complexity limit and the suggestions hider.
        expect(production.apolloServerPlugins).toHaveLength(2);
        // In development suggestions stay; an API without a complexity limit needs no plugin.
        expect(operationLimits({ production: false }).apolloServerPlugins).toHaveLength(1);
        expect(operationLimits({ production: false, shop: { maxComplexity: 0 } }).apolloServerPlugins).toEqual([]);
    });

    it('fills in the defaults, production closing introspection and suggestions on both APIs', () => {
        const production = resolveOperationLimits({ production: true });
        expect(production.shop).toEqual({ ...SHOP_OPERATION_LIMITS, introspection: false, fieldSuggestions: false });
        expect(production.admin).toEqual({ ...ADMIN_OPERATION_LIMITS, introspection: false, fieldSuggestions: false });
        const development = resolveOperationLimits({ production: false, shop: { maxAliases: 3, maxDepth: undefined } });
        expect(development.shop).toMatchObject({ maxAliases: 3, maxDepth: SHOP_OPERATION_LIMITS.maxDepth, introspection: true });
        expect(resolveOperationLimits({ production: true, admin: { introspection: true } }).admin.introspection).toBe(true);
    });

    it('refuses a limit that would refuse everything, or is no count', () => {
        expect(() => operationLimits({ production: true, shop: { maxDepth: 0 } })).toThrow(/maxDepth must be a whole number of 1 or more/);
        expect(() => operationLimits({ production: true, admin: { maxCost: 1.5 } })).toThrow(/maxCost/);
        expect(() => operationLimits({ production: true, shop: { maxComplexity: 0 } })).not.toThrow();
    });
});

describe('operationLimits: the documents of issue 10', () => {
    it('refuses a fragment-doubling document of 20 and of 30 levels on both APIs, at validation', async () => {
        const send = await apis(true);
        for (const document of [doubling(20), doubling(30), doublingOnQuery(20), doublingOnQuery(30)]) {
            for (const api of ['shop', 'admin'] as const) {
                const answer = await send(api, document);
                expect(answer.status).toBe(400);
                expect(answer.errors).toEqual([expect.stringMatching(/^Query Cost limit of \d+ exceeded, found \d+\.$/)]);
            }
        }
    });

    it('accepts a few levels of the same shape: only the expanded size is refused', async () => {
        const send = await apis(true);
        expect(await send('shop', doubling(3))).toEqual({ status: 200, errors: [] });
        expect(await send('shop', doublingOnQuery(3))).toEqual({ status: 200, errors: [] });
    });

    it('needs that order: graphql-query-complexity walks a fragment at every spread, so its work doubles per level', () => {
        // Why Vendure's complexity estimator runs only after validation (query-complexity-limit.ts).
        const calls = (levels: number) => {
            let count = 0;
            const estimate = defaultVendureComplexityEstimator({}, false);
            getComplexity({
                schema: schemas.shop,
                query: parse(doubling(levels)),
                estimators: [options => (count++, estimate(options))],
            });
            return count;
        };
        for (const levels of [8, 10, 12]) expect(calls(levels)).toBeGreaterThanOrEqual(2 ** levels);
    });

    it('refuses 200 aliases of a 100-product list on both APIs', async () => {
        const send = await apis(true);
        // On the Shop API the document is over the token limit, which refuses it before any other rule runs.
        expect(await send('shop', productAliases(200))).toEqual({ status: 400, errors: ['Token limit of 2000 exceeded.'] });
        const short = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: activeChannel { id }`).join(' ')} }`;
        expect(await send('shop', short)).toEqual({ status: 400, errors: expect.arrayContaining(['Aliases limit of 15 exceeded, found 200.']) });
        const admin = await send('admin', productAliases(200));
        expect(admin.status).toBe(400);
        expect(admin.errors).toContain('Aliases limit of 100 exceeded, found 200.');
    });

    it('refuses on the Shop API two such lists, which pass the alias limit, by their complexity', async () => {
        const send = await apis(true);
        const one = await send('shop', productAliases(1));
        expect(one).toEqual({ status: 200, errors: [] });
        const two = await send('shop', productAliases(2));
        expect(two.status).toBe(400);
        expect(two.errors).toEqual([expect.stringMatching(/^Query complexity limit of 1000 exceeded, found \d+\.$/)]);
        // Authenticated staff work on the Admin API, which is not scored (as with the HardenPlugin).
        expect(await send('admin', productAliases(15))).toEqual({ status: 200, errors: [] });
    });

    it('accepts a normal storefront page, fragments and all', async () => {
        const send = await apis(true);
        expect(await send('shop', storefrontPage, { slug: 'laptop' })).toEqual({ status: 200, errors: [] });
    });
});

describe('operationLimits: each limit', () => {
    it('depth: accepts the limit and refuses one more, counting fragments where they are spread', async () => {
        const send = await apis(true, { shop: { maxDepth: 5 } });
        expect(await send('shop', nestedCollections(5))).toEqual({ status: 200, errors: [] });
        expect(await send('shop', nestedCollections(6))).toEqual({ status: 400, errors: ['Query depth limit of 5 exceeded, found 6.'] });
        const viaFragment = '{ collection(id: 1) { ...Deep } } fragment Deep on Collection { parent { parent { parent { parent { id } } } } }';
        expect((await send('shop', viaFragment)).errors).toEqual(['Query depth limit of 5 exceeded, found 6.']);
        const inline = '{ collection(id: 1) { ... on Collection { parent { parent { parent { id } } } } } }';
        expect(await send('shop', inline)).toEqual({ status: 200, errors: [] });
    });

    it('depth: a document 100 levels deep is refused at the default of 20', async () => {
        const send = await apis(true);
        expect((await send('shop', nestedCollections(100))).errors).toContain('Query depth limit of 20 exceeded, found 100.');
    });

    it('a cyclic fragment is reported by graphql itself and does not loop a rule', async () => {
        const send = await apis(true);
        const answer = await send('shop', '{ collection(id: 1) { ...A } } fragment A on Collection { parent { ...A } }');
        expect(answer.status).toBe(400);
        expect(answer.errors).toContain('Cannot spread fragment "A" within itself.');
    });

    it('tokens: refuses a document over the limit', async () => {
        const send = await apis(true, { shop: { maxTokens: 50 } });
        expect((await send('shop', `{ ${'__typename '.repeat(48)}}`)).status).toBe(200);
        expect(await send('shop', `{ ${'__typename '.repeat(49)}}`)).toEqual({ status: 400, errors: ['Token limit of 50 exceeded.'] });
    });

    it('directives: refuses more than the limit', async () => {
        const send = await apis(true, { shop: { maxDirectives: 2 } });
        const fields = (n: number) => `query ($on: Boolean!) { ${Array.from({ length: n }, (_, i) => `f${i}: __typename @include(if: $on)`).join(' ')} }`;
        expect((await send('shop', fields(2), { on: true })).status).toBe(200);
        expect(await send('shop', fields(3), { on: true })).toEqual({ status: 400, errors: ['Directives limit of 2 exceeded, found 3.'] });
    });

    it('cost: refuses a document that expands past the limit', async () => {
        const send = await apis(true, { shop: { maxCost: 100 } });
        expect((await send('shop', storefrontPage, { slug: 'x' })).errors).toEqual([expect.stringMatching(/^Query Cost limit of 100 exceeded, found \d+/)]);
    });

    it('complexity: scores a take given as a variable, and a missing take as the list limit', async () => {
        // This list scores 101 with take 10 and 469 with take 100.
        const send = await apis(true, { shop: { maxComplexity: 300 } });
        const list = 'query ($take: Int) { products(options: { take: $take }) { items { id name variants { id name } } } }';
        expect((await send('shop', list, { take: 10 })).status).toBe(200);
        expect((await send('shop', list, { take: 100 })).errors).toEqual(['Query complexity limit of 300 exceeded, found 469.']);
        // No take: Vendure returns shopListQueryLimit (100) items, and that is what is scored.
        expect((await send('shop', list, {})).status).toBe(400);
        const smallLimit = await apis(true, { shop: { maxComplexity: 300, listQueryLimit: 10 } });
        expect((await smallLimit('shop', list, {})).status).toBe(200);
    });

    it('complexity: scores the operation that runs, not the others in the document', async () => {
        const send = await apis(true);
        const document = `query Light { activeChannel { code } }\nquery Heavy ${productAliases(2)}`;
        expect(await send('shop', document, {}, 'Light')).toEqual({ status: 200, errors: [] });
        expect((await send('shop', document, {}, 'Heavy')).status).toBe(400);
    });

    it('complexity: a list of nothing but __typename cannot cancel the rest out', async () => {
        const send = await apis(true);
        const withTypenameList = `{ ${productAliases(2).slice(1, -1)} b: products { __typename } }`;
        expect((await send('shop', withTypenameList)).errors).toEqual([expect.stringMatching(/^Query complexity limit of 1000 exceeded/)]);
    });

    it('complexity: leaves variables that do not fit to execution, which names them (skipped here)', async () => {
        const send = await apis(true);
        const answer = await send('shop', 'query ($take: Int) { products(options: { take: $take }) { totalItems } }', { take: 'many' });
        expect(answer).toEqual({ status: 200, errors: [] });
    });
});

describe('operationLimits: introspection and suggestions', () => {
    it('production: the Shop API refuses introspection, and so does the Admin API unless it is opened', async () => {
        const send = await apis(true);
        const shop = await send('shop', getIntrospectionQuery());
        expect(shop.status).toBe(400);
        expect(shop.errors[0]).toBe('GraphQL introspection has been disabled, but the requested query contained the field "__schema".');
        expect((await send('shop', '{ __type(name: "Product") { name } }')).status).toBe(400);
        expect((await send('shop', '{ __typename }')).status).toBe(200);
        expect((await send('admin', getIntrospectionQuery())).status).toBe(400);
        const adminOpen = await apis(true, { admin: { introspection: true } });
        expect(await adminOpen('admin', getIntrospectionQuery())).toEqual({ status: 200, errors: [] });
    });

    it('development: the full introspection query passes every limit on both APIs', async () => {
        const send = await apis(false);
        expect(await send('shop', getIntrospectionQuery())).toEqual({ status: 200, errors: [] });
        expect(await send('admin', getIntrospectionQuery())).toEqual({ status: 200, errors: [] });
    });

    it('production: no "Did you mean" in any message, which still names the problem', async () => {
        const send = await apis(true);
        expect(await send('shop', '{ prodcts { totalItems } }')).toEqual({
            status: 400,
            errors: ['Cannot query field "prodcts" on type "Query".'],
        });
        const enumValue = await send('shop', '{ products(options: { sort: { name: ASCX } }) { totalItems } }');
        expect(enumValue.errors).toEqual(['Value "ASCX" does not exist in "SortOrder" enum.']);
        const variable = await send('shop', 'query ($s: SortOrder) { products(options: { sort: { name: $s } }) { totalItems } }', { s: 'ASCX' });
        expect(variable.errors.join(' ')).not.toMatch(/Did you mean/);
        expect((await send('admin', '{ administratrs { totalItems } }')).errors).toEqual(['Cannot query field "administratrs" on type "Query".']);
    });

    it('development: suggestions stay', async () => {
        const send = await apis(false);
        expect((await send('shop', '{ prodcts { totalItems } }')).errors[0]).toMatch(/\. Did you mean "products" or "product"\?$/);
    });
});
