import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import {
    Kind,
    parse,
    print,
    visit,
    type FragmentDefinitionNode,
    type GraphQLSchema,
    type OperationDefinitionNode,
    type SelectionSetNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { limitedApis, vendureSchema, type Send } from './operation-limits-driver';

// See operation-limits.test.ts: one copy of graphql for Vite's sources and Node's packages.
vi.mock('graphql', () => createRequire(__filename)('graphql'));

const require = createRequire(__filename);
const loadTests = path.resolve(__dirname, '../../../load-tests');
const storefront = path.resolve(__dirname, 'fixtures/storefront');

interface Step {
    document: string;
    variables?: Record<string, unknown>;
}

/** A journey variable such as "$product.slug" is picked at run time; any string stands for it. */
const picked = (variables: Record<string, unknown> = {}) =>
    Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' && value.startsWith('$') ? 'picked' : value]));

/** Every document the load tests send, with the variables they send it with. */
function loadTestDocuments(): Array<{ api: 'shop' | 'admin'; file: string; query: string; variables?: Record<string, unknown> }> {
    const scenario = JSON.parse(readFileSync(path.join(loadTests, 'scenarios/scenarios.json'), 'utf8'));
    const variables = new Map<string, Record<string, unknown>>([
        // setup (discover-pools.ts, setup-pools.js) and the workers benchmark (measure-drain.ts)
        [scenario.setup.catalogue, { take: scenario.setup.catalogueTake }],
        [scenario.setup.adminLogin, { username: 'superadmin', password: 'a-password' }],
        [scenario.setup.findCustomers, { emailContains: `@${scenario.setup.customerEmailDomain}`, take: Math.max(100, scenario.setup.customers) }],
        [scenario.setup.createCustomer, { input: { emailAddress: 'a@loadtest.invalid', firstName: 'A', lastName: 'B' }, password: 'a-password' }],
        ['admin/product-ids.graphql', { take: 100 }],
        ['admin/touch-product.graphql', { id: '1' }],
        ['admin/unsettled-jobs.graphql', {}],
    ]);
    for (const journey of Object.values(scenario.journeys) as Array<{ steps: Step[] }>) {
        for (const step of journey.steps) variables.set(step.document, picked(step.variables));
    }
    return (['shop', 'admin'] as const).flatMap(api =>
        readdirSync(path.join(loadTests, 'graphql', api))
            .filter(file => file.endsWith('.graphql'))
            .map(file => ({
                api,
                file: `${api}/${file}`,
                query: readFileSync(path.join(loadTests, 'graphql', api, file), 'utf8'),
                variables: variables.get(`${api}/${file}`),
            })),
    );
}

/** Apollo Client asks for `__typename` in every selection set, and so sends bigger documents. */
function withTypenames(query: string): string {
    const typename = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } } as const;
    return print(
        visit(parse(query), {
            SelectionSet(node: SelectionSetNode, _key, parent) {
                const root = parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION;
                const has = node.selections.some(s => s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias);
                return root || has ? undefined : { ...node, selections: [...node.selections, typename] };
            },
        }),
    );
}

/** The Dashboard's TypeScript sources, without its tests, stories and type files. */
function dashboardSources(dir: string): string[] {
    return readdirSync(dir).flatMap(name => {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) return dashboardSources(file);
        return /\.tsx?$/.test(name) && !/\.(spec|test|stories)\.tsx?$|\.d\.ts$|testing-utils\.ts$/.test(name) ? [file] : [];
    });
}

/**
 * The operations the Dashboard sends, read from the sources @vendure/dashboard ships (it compiles
 * them into each app's build): each graphql(`...`) document, with its fragments looked up by name.
 * It sends them as written, without adding `__typename`.
 */
function dashboardOperations(): Array<{ name: string; query: string }> {
    // The package's exports map has no ./package.json: its root is found from the plugin's entry.
    const src = path.resolve(path.dirname(require.resolve('@vendure/dashboard/plugin')), '../../src');
    const fragments = new Map<string, FragmentDefinitionNode>();
    const operations: Array<{ file: string; operation: OperationDefinitionNode }> = [];
    for (const file of dashboardSources(src)) {
        for (const [, template] of readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g)) {
            let document;
            try {
                document = parse(template);
            } catch {
                continue; // a template that builds GraphQL text, not a document
            }
            for (const definition of document.definitions) {
                if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
                if (definition.kind === Kind.OPERATION_DEFINITION) operations.push({ file, operation: definition });
            }
        }
    }
    return operations.map(({ file, operation }) => {
        const needed = new Map<string, FragmentDefinitionNode>();
        const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [operation];
        while (pending.length) {
            visit(pending.pop()!, {
                FragmentSpread(spread) {
                    const fragment = fragments.get(spread.name.value);
                    if (fragment && !needed.has(spread.name.value)) {
                        needed.set(spread.name.value, fragment);
                        pending.push(fragment);
                    }
                },
            });
        }
        const name = `${operation.name?.value ?? 'anonymous'} (${path.relative(src, file)})`;
        return { name, query: [operation, ...needed.values()].map(node => print(node)).join('\n') };
    });
}

let send: Send;
let stop: () => Promise<unknown>;

beforeAll(async () => {
    const schemas: Record<'shop' | 'admin', GraphQLSchema> = { shop: await vendureSchema('shop'), admin: await vendureSchema('admin') };
    // Production: the stricter mode, and the one the load tests and the browser test run against.
    ({ send, stop } = await limitedApis({ production: true }, schemas));
});
afterAll(async () => {
    await stop();
});

describe('operationLimits: the documents real clients send pass the default limits', () => {
    it('every load-test document, with the variables the journeys and their setup send', async () => {
        const documents = loadTestDocuments();
        expect(documents.length).toBeGreaterThanOrEqual(17);
        const missing = documents.filter(document => !document.variables).map(document => document.file);
        expect(missing, 'documents no journey or setup step names: add their variables here').toEqual([]);
        for (const document of documents) {
            expect(await send(document.api, document.query, document.variables), document.file).toEqual({ status: 200, errors: [] });
        }
        // wait-for-instances.ts
        expect(await send('shop', '{ activeChannel { code } }')).toEqual({ status: 200, errors: [] });
    });

    it("a storefront's pages: home, product, cart, checkout, account", async () => {
        const variables = { slug: 'laptop', options: { take: 10 } };
        const pages = readdirSync(storefront).filter(file => file.endsWith('.graphql'));
        expect(pages).toHaveLength(5);
        for (const page of pages) {
            const query = withTypenames(readFileSync(path.join(storefront, page), 'utf8'));
            expect(await send('shop', query, variables), page).toEqual({ status: 200, errors: [] });
        }
    });

    it('every operation of the Dashboard, as it sends them', async () => {
        const operations = dashboardOperations();
        expect(operations.length).toBeGreaterThan(200);
        const refused: string[] = [];
        for (const operation of operations) {
            const answer = await send('admin', operation.query);
            if (answer.status !== 200 || answer.errors.length) refused.push(`${operation.name}: ${answer.errors.join('; ')}`);
        }
        expect(refused).toEqual([]);
    });
});
