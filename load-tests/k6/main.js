// k6 entry point: `k6 run k6/main.js -e BASE_URL=... -e PROFILE=steady`. The journeys, mix and
// profiles come from scenarios/scenarios.json and the GraphQL documents from graphql/, the same
// files the autocannon driver reads.
//
// Env: BASE_URL (default http://127.0.0.1:8080), PROFILE (smoke|steady|throughput|knee, default
// smoke), JOURNEYS (comma-separated subset of the mix), RATE and DURATION (override the profile),
// SUPERADMIN_USERNAME / SUPERADMIN_PASSWORD (admin and customer journeys), LOADTEST_CUSTOMER_PASSWORD,
// SUMMARY_JSON (default results/k6-summary.json, relative to the working directory).
import { k6Scenarios, k6Thresholds } from './lib/options.js';
import { postGraphql } from './lib/graphql.js';
import { pickForIteration, resolveVariables } from './lib/picks.js';
import { discoverPools } from './lib/setup-pools.js';
import { summaryOutputs } from './lib/summary.js';

/**
 * @typedef {{ name: string, document: string, variables?: Record<string, unknown>, expect?: Record<string, string>, once?: boolean }} Step
 * @typedef {{ api: 'shop' | 'admin', session: 'iteration' | 'vu', pick: Record<string, string>, steps: Step[] }} Journey
 * @typedef {{ documentsDir: string, setup: import('./lib/setup-pools.js').Setup, journeys: Record<string, Journey>, mix: Record<string, number>, profiles: Record<string, import('./lib/options.js').Profile> }} Scenario
 */

// open() only works here, in the init context, and resolves against this file.
const SCENARIO_DIR = '../scenarios/';
/** @type {Scenario} */
const scenario = JSON.parse(open(`${SCENARIO_DIR}scenarios.json`));

/** @type {Record<string, string>} */
const documents = {};
for (const path of [scenario.setup.catalogue, scenario.setup.adminLogin, scenario.setup.findCustomers, scenario.setup.createCustomer]) {
    documents[path] = open(`${SCENARIO_DIR}${scenario.documentsDir}/${path}`);
}
for (const name of Object.keys(scenario.journeys)) {
    for (const step of scenario.journeys[name].steps) {
        documents[step.document] = open(`${SCENARIO_DIR}${scenario.documentsDir}/${step.document}`);
    }
}

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const PROFILE = __ENV.PROFILE || 'smoke';
const profile = scenario.profiles[PROFILE];
if (!profile) {
    throw new Error(`no profile "${PROFILE}" (one of ${Object.keys(scenario.profiles).join(', ')})`);
}

/** @type {Record<string, number>} */
const mix = {};
for (const name of __ENV.JOURNEYS ? __ENV.JOURNEYS.split(',') : Object.keys(scenario.mix)) {
    if (!scenario.journeys[name]) {
        throw new Error(`no journey "${name}" (one of ${Object.keys(scenario.journeys).join(', ')})`);
    }
    mix[name] = scenario.mix[name] || 1;
}

/** @type {import('k6/options').Options} */
export const options = {
    scenarios: k6Scenarios(profile, mix, { rate: __ENV.RATE ? Number(__ENV.RATE) : undefined, duration: __ENV.DURATION }),
    thresholds: k6Thresholds(profile.thresholds),
    summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
    // Sessions travel as bearer tokens, as in the autocannon driver. k6's cookie jar also keeps the
    // session cookie within an iteration; it is emptied between iterations (false), so a journey
    // never starts inside another's session.
    noCookiesReset: false,
    discardResponseBodies: false,
};

export function setup() {
    /** @type {Set<string>} */
    const needed = new Set();
    for (const name of Object.keys(mix)) {
        for (const alias of Object.keys(scenario.journeys[name].pick)) needed.add(scenario.journeys[name].pick[alias]);
    }
    return discoverPools(BASE_URL, scenario.setup, documents, needed, {
        adminUsername: __ENV.SUPERADMIN_USERNAME || 'superadmin',
        adminPassword: __ENV.SUPERADMIN_PASSWORD,
        customerPassword: __ENV.LOADTEST_CUSTOMER_PASSWORD || 'loadtest-customer-password',
    });
}

// Per virtual user (each VU has its own copy of this module): sessions of `vu` journeys and the
// `once` steps they have done.
/** @type {Record<string, string>} */
const vuTokens = {};
/** @type {Record<string, boolean>} */
const onceDone = {};

/**
 * One iteration of the journey named by the k6 scenario's env (JOURNEY).
 * @param {import('./lib/picks.js').Pools} pools
 */
export function journey(pools) {
    const name = __ENV.JOURNEY;
    const definition = scenario.journeys[name];
    const picked = pickForIteration(definition.pick, pools);
    let token = definition.session === 'vu' ? vuTokens[name] : undefined;
    definition.steps.forEach((step, index) => {
        const onceKey = `${name}/${index}`;
        if (step.once && onceDone[onceKey]) {
            return;
        }
        const answer = postGraphql({
            baseUrl: BASE_URL,
            api: definition.api,
            query: documents[step.document],
            variables: resolveVariables(step.variables || {}, picked),
            token,
            expect: resolveVariables(step.expect || {}, picked),
            name: `${name}/${step.name}`,
        });
        if (answer.token) {
            token = answer.token;
            if (definition.session === 'vu') vuTokens[name] = answer.token;
        }
        if (step.once && answer.ok) {
            onceDone[onceKey] = true;
        }
    });
}

/** @param {any} data */
export function handleSummary(data) {
    return summaryOutputs(data, __ENV.SUMMARY_JSON || 'results/k6-summary.json');
}
