import { postGraphql } from '../graphql/post-graphql';
import type { Pools } from '../scenario/picks';
import type { LoadedScenario, PoolName } from '../scenario/types';
import type { Credentials } from './credentials';

interface CatalogueData {
    collections: { items: Array<{ slug: string }> };
    products: { items: Array<{ slug: string; name: string; enabled: boolean; variants: Array<{ id: string; stockLevel: string }> }> };
}

/** The pools the given journeys pick from, so that a browse-only run needs no admin password. */
export function poolsNeeded(loaded: LoadedScenario, journeys: string[]): Set<PoolName> {
    return new Set(
        journeys.flatMap(name => {
            const journey = loaded.scenario.journeys[name];
            return [...Object.values(journey.pick), ...Object.values(journey.sessionPick ?? {})];
        }),
    );
}

async function discoverCatalogue(baseUrl: string, loaded: LoadedScenario): Promise<Pick<Pools, 'collections' | 'products' | 'variants' | 'searchTerms'>> {
    const { setup } = loaded.scenario;
    const { data } = await postGraphql<CatalogueData>({
        baseUrl,
        api: 'shop',
        query: loaded.documents[setup.catalogue],
        variables: { take: setup.catalogueTake },
    });
    const products = data.products.items.filter(product => product.enabled);
    // The first word of a product name is what a shopper types ("laptop", "tent").
    const terms = [...new Set(products.map(product => product.name.split(/\s+/)[0].toLowerCase()))];
    const pools = {
        collections: data.collections.items.map(({ slug }) => ({ slug })),
        products: products.map(({ slug, name }) => ({ slug, name })),
        variants: products.flatMap(p => p.variants.filter(v => v.stockLevel !== 'OUT_OF_STOCK').map(({ id }) => ({ id }))),
        searchTerms: terms.map(term => ({ term })),
    };
    const empty = Object.entries(pools).filter(([, records]) => records.length === 0);
    if (empty.length) {
        throw new Error(`the shop has no ${empty.map(([name]) => name).join(', ')}: is the sample catalogue seeded?`);
    }
    return pools;
}

export async function adminToken(baseUrl: string, loaded: LoadedScenario, credentials: Credentials): Promise<string> {
    if (!credentials.adminPassword) {
        throw new Error(
            'no superadmin password: the admin and customer journeys need it. Set SUPERADMIN_PASSWORD in the environment or ' +
                "in the stack's env file (STACK_ENV_FILE, default the repo's .env), or run against the repo's compose stack, whose " +
                'servers hold it in /run/secrets',
        );
    }
    const { data, token } = await postGraphql<{ login: { __typename: string; message?: string } }>({
        baseUrl,
        api: 'admin',
        query: loaded.documents[loaded.scenario.setup.adminLogin],
        variables: { username: credentials.adminUsername, password: credentials.adminPassword },
    });
    if (data.login.__typename !== 'CurrentUser' || !token) {
        throw new Error(`admin login failed: ${data.login.message ?? data.login.__typename}`);
    }
    return token;
}

/** loadtest-01@domain ... : created once, found again on every later run. */
export function customerEmails(count: number, domain: string): string[] {
    return Array.from({ length: count }, (_, i) => `loadtest-${String(i + 1).padStart(2, '0')}@${domain}`);
}

async function ensureCustomers(baseUrl: string, loaded: LoadedScenario, credentials: Credentials, token: string): Promise<Pools['customers']> {
    const { setup } = loaded.scenario;
    const wanted = customerEmails(setup.customers, setup.customerEmailDomain);
    const { data } = await postGraphql<{ customers: { items: Array<{ emailAddress: string }> } }>({
        baseUrl,
        api: 'admin',
        token,
        query: loaded.documents[setup.findCustomers],
        variables: { emailContains: `@${setup.customerEmailDomain}`, take: Math.max(100, setup.customers) },
    });
    const existing = new Set(data.customers.items.map(c => c.emailAddress));
    for (const [i, emailAddress] of wanted.entries()) {
        if (existing.has(emailAddress)) {
            continue;
        }
        const created = await postGraphql<{ createCustomer: { __typename: string; message?: string } }>({
            baseUrl,
            api: 'admin',
            token,
            query: loaded.documents[setup.createCustomer],
            variables: { input: { emailAddress, firstName: 'Load', lastName: `Test ${i + 1}` }, password: credentials.customerPassword },
        });
        if (created.data.createCustomer.__typename !== 'Customer') {
            throw new Error(`creating ${emailAddress} failed: ${created.data.createCustomer.message ?? created.data.createCustomer.__typename}`);
        }
    }
    return wanted.map(emailAddress => ({ emailAddress, password: credentials.customerPassword }));
}

/** setup(): everything the journeys pick from, discovered from the running shop (no hard-coded ids). */
export async function discoverPools(baseUrl: string, loaded: LoadedScenario, journeys: string[], credentials: Credentials): Promise<Pools> {
    const needed = poolsNeeded(loaded, journeys);
    const pools: Pools = { ...(await discoverCatalogue(baseUrl, loaded)), customers: [], admin: [] };
    if (needed.has('admin') || needed.has('customers')) {
        const token = await adminToken(baseUrl, loaded, credentials);
        pools.admin = [{ username: credentials.adminUsername, password: credentials.adminPassword ?? '' }];
        if (needed.has('customers')) {
            pools.customers = await ensureCustomers(baseUrl, loaded, credentials, token);
        }
    }
    return pools;
}
