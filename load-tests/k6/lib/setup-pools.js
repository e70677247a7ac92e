// setup(): the k6 twin of src/setup/discover-pools.ts, with the same documents and the same pools.
import { fail } from 'k6';

import { postGraphql } from './graphql.js';

/**
 * @typedef {import('./picks.js').Pools} Pools
 * @typedef {{ catalogue: string, catalogueTake: number, adminLogin: string, findCustomers: string, createCustomer: string, customers: number, customerEmailDomain: string }} Setup
 * @typedef {{ adminUsername: string, adminPassword: string | undefined, customerPassword: string }} Credentials
 */

/**
 * @param {string} baseUrl
 * @param {'shop' | 'admin'} api
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @param {string} [token]
 */
function setupCall(baseUrl, api, query, variables, token) {
    const answer = postGraphql({ baseUrl, api, query, variables, token, expect: {}, name: 'setup' });
    if (!answer.ok) {
        fail(`setup: a ${api}-api call failed; is ${baseUrl} the shop, seeded with the sample catalogue?`);
    }
    return answer;
}

/**
 * @param {number} count
 * @param {string} domain
 */
export function customerEmails(count, domain) {
    const emails = [];
    for (let i = 1; i <= count; i++) {
        emails.push(`loadtest-${String(i).padStart(2, '0')}@${domain}`);
    }
    return emails;
}

/**
 * @param {string} baseUrl
 * @param {Setup} setup
 * @param {Record<string, string>} documents
 * @param {Set<string>} needed pool names the chosen journeys pick from
 * @param {Credentials} credentials
 * @returns {Pools}
 */
export function discoverPools(baseUrl, setup, documents, needed, credentials) {
    const catalogue = setupCall(baseUrl, 'shop', documents[setup.catalogue], { take: setup.catalogueTake }).data;
    /** @type {Array<{ slug: string, name: string, enabled: boolean, variants: Array<{ id: string, stockLevel: string }> }>} */
    const products = catalogue.products.items.filter(/** @param {{ enabled: boolean }} p */ p => p.enabled);
    /** @type {Record<string, boolean>} */
    const terms = {};
    for (const product of products) {
        // The first word of a product name is what a shopper types ("laptop", "tent").
        terms[product.name.split(/\s+/)[0].toLowerCase()] = true;
    }
    /** @type {Pools} */
    const pools = {
        collections: catalogue.collections.items.map(/** @param {{ slug: string }} c */ c => ({ slug: c.slug })),
        products: products.map(p => ({ slug: p.slug, name: p.name })),
        variants: [],
        searchTerms: Object.keys(terms).map(term => ({ term })),
        customers: [],
        admin: [],
    };
    for (const product of products) {
        for (const variant of product.variants) {
            if (variant.stockLevel !== 'OUT_OF_STOCK') pools.variants.push({ id: variant.id });
        }
    }
    if (!pools.products.length || !pools.variants.length || !pools.collections.length) {
        fail('setup: the shop has no products, variants or collections: is the sample catalogue seeded?');
    }
    if (!needed.has('admin') && !needed.has('customers')) {
        return pools;
    }
    if (!credentials.adminPassword) {
        fail('setup: SUPERADMIN_PASSWORD is not set: the admin and customer journeys need it (k6 run -e SUPERADMIN_PASSWORD=...)');
    }
    const password = credentials.adminPassword || '';
    const login = setupCall(baseUrl, 'admin', documents[setup.adminLogin], { username: credentials.adminUsername, password });
    if (!login.token || login.data.login.__typename !== 'CurrentUser') {
        fail(`setup: admin login failed (${login.data.login.message || login.data.login.__typename})`);
    }
    pools.admin = [{ username: credentials.adminUsername, password }];
    if (!needed.has('customers')) {
        return pools;
    }
    const found = setupCall(baseUrl, 'admin', documents[setup.findCustomers], {
        emailContains: `@${setup.customerEmailDomain}`,
        take: Math.max(100, setup.customers),
    }, login.token).data;
    /** @type {Record<string, boolean>} */
    const existing = {};
    for (const customer of found.customers.items) existing[customer.emailAddress] = true;
    customerEmails(setup.customers, setup.customerEmailDomain).forEach((emailAddress, i) => {
        if (!existing[emailAddress]) {
            const created = setupCall(baseUrl, 'admin', documents[setup.createCustomer], {
                input: { emailAddress, firstName: 'Load', lastName: `Test ${i + 1}` },
                password: credentials.customerPassword,
            }, login.token).data;
            if (created.createCustomer.__typename !== 'Customer') {
                fail(`setup: creating ${emailAddress} failed (${created.createCustomer.message || created.createCustomer.__typename})`);
            }
        }
        pools.customers.push({ emailAddress, password: credentials.customerPassword });
    });
    return pools;
}
