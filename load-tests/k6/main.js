// k6 entry point: `k6 run k6/main.js -e BASE_URL=... -e PROFILE=steady`. The journeys, mix and
// profiles come from scenarios/scenarios.json and the GraphQL documents from graphql/, the same
// files the npm-only driver reads. `npx nx run load-test` runs it with everything below set.
//
// Env: BASE_URL (default http://127.0.0.1:8080), PROFILE (capacity|smoke|steady, default
// capacity), JOURNEYS (comma-separated subset of the mix), RATE and DURATION (constant profiles),
// STEPS (capacity: journeys/s per step, comma-separated; default startRate x growth up to
// MAX_RATE or maxRate, START_RATE to start elsewhere), STEP_DURATION, WARMUP and SLO_P95_MS (capacity),
// MAX_VUS and MAX_SHOP_VUS (virtual users; the Shop API's under nginx's NGINX_SHOP_API_CONNECTIONS),
// SUPERADMIN_USERNAME / SUPERADMIN_PASSWORD (admin and customer journeys), LOADTEST_CUSTOMER_PASSWORD,
// SUMMARY_JSON (default results/k6-summary.json, relative to the working directory) and
// CAPACITY_JSON (default results/capacity.json). K6_WEB_DASHBOARD_EXPORT writes k6's HTML report.
import exec from 'k6/execution';

import { postGraphql } from './lib/graphql.js';
import { capacityPlan, k6CapacityScenarios, k6CapacityThresholds, k6Scenarios, k6Thresholds, vuCaps } from './lib/options.js';
import { pickForIteration, pickForSession, resolveVariables } from './lib/picks.js';
import { discoverPools } from './lib/setup-pools.js';
import { summaryOutputs } from './lib/summary.js';

/**
 * @typedef {{ name: string, document: string, variables?: Record<string, unknown>, expect?: Record<string, string>, once?: boolean }} Step
 * @typedef {{ api: 'shop' | 'admin', session: 'iteration' | 'vu', sessionIterations?: number, sessionPick?: Record<string, string>, pick?: Record<string, string>, steps: Step[] }} Journey
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
const PROFILE = __ENV.PROFILE || 'capacity';
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
const caps = vuCaps(scenario.journeys, mix, Number(__ENV.MAX_VUS) || profile.maxVUs, Number(__ENV.MAX_SHOP_VUS) || Infinity);
const plan = profile.executor === 'capacity' ? capacityPlan(profile, __ENV, scenario.journeys, mix) : undefined;
const scenarios =
    profile.executor === 'capacity' && plan
        ? k6CapacityScenarios(plan, mix, caps)
        : k6Scenarios(/** @type {import('./lib/options.js').ConstantProfile} */ (profile), mix, caps, { rate: __ENV.RATE ? Number(__ENV.RATE) : undefined, duration: __ENV.DURATION });

/** @type {import('k6/options').Options} */
export const options = {
    scenarios,
    thresholds: plan ? k6CapacityThresholds(plan, Object.keys(scenarios)) : k6Thresholds(/** @type {import('./lib/options.js').ConstantProfile} */ (profile).thresholds),
    summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
    // Sessions travel both ways here. This script sends the bearer token (as the npm-only driver
    // does), and k6's per-VU cookie jar sends back Vendure's session cookie too, which Vendure reads
    // first. The jar is emptied after every iteration (false, k6's default), so a `vu` journey's
    // session (admin) outlives its first iteration through the bearer token alone.
    noCookiesReset: false,
    discardResponseBodies: false,
};

export function setup() {
    /** @type {Set<string>} */
    const needed = new Set();
    for (const name of Object.keys(mix)) {
        const definition = scenario.journeys[name];
        for (const picks of [definition.pick || {}, definition.sessionPick || {}]) {
            for (const alias of Object.keys(picks)) needed.add(picks[alias]);
        }
    }
    return discoverPools(BASE_URL, scenario.setup, documents, needed, {
        adminUsername: __ENV.SUPERADMIN_USERNAME || 'superadmin',
        adminPassword: __ENV.SUPERADMIN_PASSWORD,
        customerPassword: __ENV.LOADTEST_CUSTOMER_PASSWORD || 'loadtest-customer-password',
    });
}

// Per virtual user (each VU has its own copy of this module), per `vu` journey: its session
// token, how many iterations the session has run, and the `once` steps it has done. A VU keeps
// them across the scenarios it serves (the steps of a capacity ramp).
/** @type {Record<string, { token: string | undefined, age: number, onceDone: Record<number, boolean> }>} */
const sessions = {};

/**
 * One iteration of the journey named by the k6 scenario's env (JOURNEY; STEP in a capacity ramp).
 * A user whose sign-in failed, or whom a limit turned away, does not go on: what followed would
 * fail for that reason and be counted as errors of the servers.
 * @param {import('./lib/picks.js').Pools} pools
 */
export function journey(pools) {
    const name = __ENV.JOURNEY;
    const definition = scenario.journeys[name];
    let session = definition.session === 'vu' ? sessions[name] : undefined;
    if (!session || (definition.sessionIterations !== undefined && session.age >= definition.sessionIterations)) {
        session = { token: undefined, age: 0, onceDone: {} };
        if (definition.session === 'vu') sessions[name] = session;
    }
    session.age++;
    const picked = Object.assign(pickForSession(definition.sessionPick, pools, exec.vu.idInTest - 1), pickForIteration(definition.pick || {}, pools));
    for (let index = 0; index < definition.steps.length; index++) {
        const step = definition.steps[index];
        if (step.once && session.onceDone[index]) {
            continue;
        }
        const answer = postGraphql({
            baseUrl: BASE_URL,
            api: definition.api,
            query: documents[step.document],
            variables: resolveVariables(step.variables || {}, picked),
            token: session.token,
            expect: resolveVariables(step.expect || {}, picked),
            name: `${name}/${step.name}`,
            step: __ENV.STEP,
            sloStep: step.once ? undefined : __ENV.STEP,
        });
        if (answer.token) {
            session.token = answer.token;
        }
        if (step.once && answer.ok) {
            session.onceDone[index] = true;
        }
        if (answer.rateLimited || (step.once && !answer.ok)) {
            return;
        }
    }
}

/** @param {any} data */
export function handleSummary(data) {
    return summaryOutputs(
        data,
        __ENV.SUMMARY_JSON || 'results/k6-summary.json',
        plan ? { plan, journeys: Object.keys(mix), jsonPath: __ENV.CAPACITY_JSON || 'results/capacity.json' } : undefined,
    );
}
