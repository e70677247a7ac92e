import { parseDuration } from './duration';
import { POOLS, type Scenario } from './types';

/** Lists every problem of a scenario file at once, so that one edit fixes them all. */
export class ScenarioError extends Error {
    override readonly name = 'ScenarioError';
    constructor(readonly problems: readonly string[]) {
        super(`Invalid scenario definition (${problems.length}):\n${problems.map(p => `  - ${p}`).join('\n')}`);
    }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPositive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** "$name.field" references inside a variables or expect value. */
function references(value: unknown): string[] {
    if (typeof value === 'string') {
        return value.startsWith('$') ? [value.slice(1).split('.')[0]] : [];
    }
    if (Array.isArray(value)) {
        return value.flatMap(references);
    }
    return isObject(value) ? Object.values(value).flatMap(references) : [];
}

function checkDuration(problems: string[], where: string, value: unknown): void {
    try {
        if (typeof value !== 'string' || parseDuration(value) <= 0) {
            throw new Error();
        }
    } catch {
        problems.push(`${where}: expected a duration such as 30s`);
    }
}

function checkJourney(problems: string[], name: string, journey: unknown): void {
    const at = `journeys.${name}`;
    if (!isObject(journey)) {
        problems.push(`${at}: expected an object`);
        return;
    }
    if (journey.api !== 'shop' && journey.api !== 'admin') {
        problems.push(`${at}.api: expected shop or admin`);
    }
    if (journey.session !== 'iteration' && journey.session !== 'vu') {
        problems.push(`${at}.session: expected iteration or vu`);
    }
    const pick = isObject(journey.pick) ? journey.pick : {};
    if (journey.pick !== undefined && !isObject(journey.pick)) {
        problems.push(`${at}.pick: expected an object`);
    }
    for (const [alias, pool] of Object.entries(pick)) {
        if (!POOLS.includes(pool as never)) {
            problems.push(`${at}.pick.${alias}: unknown pool "${String(pool)}" (one of ${POOLS.join(', ')})`);
        }
    }
    if (!Array.isArray(journey.steps) || journey.steps.length === 0) {
        problems.push(`${at}.steps: expected at least one step`);
        return;
    }
    journey.steps.forEach((step: unknown, index) => {
        const stepAt = `${at}.steps[${index}]`;
        if (!isObject(step)) {
            problems.push(`${stepAt}: expected an object`);
            return;
        }
        if (typeof step.name !== 'string' || !step.name) {
            problems.push(`${stepAt}.name: expected a name`);
        }
        if (typeof step.document !== 'string' || !step.document.endsWith('.graphql')) {
            problems.push(`${stepAt}.document: expected a path ending in .graphql`);
        }
        if (step.once !== undefined && (step.once !== true || journey.session !== 'vu')) {
            problems.push(`${stepAt}.once: only "true", and only in a journey whose session is "vu"`);
        }
        for (const alias of references([step.variables, step.expect])) {
            if (!(alias in pick)) {
                problems.push(`${stepAt}: "$${alias}" is not picked by the journey`);
            }
        }
        if (step.expect !== undefined && (!isObject(step.expect) || !Object.values(step.expect).every(v => typeof v === 'string'))) {
            problems.push(`${stepAt}.expect: expected path -> string`);
        }
    });
}

function checkProfile(problems: string[], name: string, profile: unknown): void {
    const at = `profiles.${name}`;
    if (!isObject(profile)) {
        problems.push(`${at}: expected an object`);
        return;
    }
    if (!Number.isInteger(profile.maxVUs) || !isPositive(profile.maxVUs)) {
        problems.push(`${at}.maxVUs: expected a whole number above 0`);
    }
    if (profile.executor === 'constant-arrival-rate') {
        if (!isPositive(profile.rate)) problems.push(`${at}.rate: expected journeys per second above 0`);
        checkDuration(problems, `${at}.duration`, profile.duration);
    } else if (profile.executor === 'ramping-arrival-rate') {
        if (typeof profile.startRate !== 'number' || profile.startRate < 0) problems.push(`${at}.startRate: expected 0 or more`);
        if (!Array.isArray(profile.stages) || profile.stages.length === 0) {
            problems.push(`${at}.stages: expected at least one stage`);
        } else {
            profile.stages.forEach((stage: unknown, i) => {
                if (!isObject(stage) || typeof stage.target !== 'number' || stage.target < 0) {
                    problems.push(`${at}.stages[${i}].target: expected 0 or more`);
                }
                checkDuration(problems, `${at}.stages[${i}].duration`, isObject(stage) ? stage.duration : undefined);
            });
        }
    } else {
        problems.push(`${at}.executor: expected constant-arrival-rate or ramping-arrival-rate`);
    }
    const thresholds = profile.thresholds;
    if (!isObject(thresholds)) {
        problems.push(`${at}.thresholds: expected an object`);
        return;
    }
    for (const key of Object.keys(thresholds)) {
        if (!['maxFailedRate', 'minCheckRate', 'p95Ms'].includes(key)) problems.push(`${at}.thresholds.${key}: unknown`);
    }
    for (const key of ['maxFailedRate', 'minCheckRate'] as const) {
        const value = thresholds[key];
        if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1)) {
            problems.push(`${at}.thresholds.${key}: expected a rate between 0 and 1`);
        }
    }
    if (thresholds.p95Ms !== undefined && !isPositive(thresholds.p95Ms)) problems.push(`${at}.thresholds.p95Ms: expected ms above 0`);
}

/** Checks a parsed scenarios.json; returns it typed, or throws a ScenarioError naming every problem. */
export function validateScenario(raw: unknown): Scenario {
    const problems: string[] = [];
    if (!isObject(raw)) {
        throw new ScenarioError(['expected a JSON object']);
    }
    if (typeof raw.documentsDir !== 'string') problems.push('documentsDir: expected a path');
    const setup = raw.setup;
    if (!isObject(setup)) {
        problems.push('setup: expected an object');
    } else {
        for (const key of ['catalogue', 'adminLogin', 'findCustomers', 'createCustomer']) {
            if (typeof setup[key] !== 'string' || !String(setup[key]).endsWith('.graphql')) problems.push(`setup.${key}: expected a .graphql path`);
        }
        if (!Number.isInteger(setup.customers) || (setup.customers as number) < 1) problems.push('setup.customers: expected 1 or more');
        if (!Number.isInteger(setup.catalogueTake) || (setup.catalogueTake as number) < 1) problems.push('setup.catalogueTake: expected 1 or more');
        if (typeof setup.customerEmailDomain !== 'string' || !setup.customerEmailDomain.includes('.')) {
            problems.push('setup.customerEmailDomain: expected a domain');
        }
    }
    const journeys = isObject(raw.journeys) ? raw.journeys : {};
    if (!isObject(raw.journeys) || Object.keys(journeys).length === 0) problems.push('journeys: expected at least one journey');
    for (const [name, journey] of Object.entries(journeys)) checkJourney(problems, name, journey);

    const mix = isObject(raw.mix) ? raw.mix : {};
    if (!isObject(raw.mix) || Object.keys(mix).length === 0) problems.push('mix: expected at least one journey weight');
    for (const [name, weight] of Object.entries(mix)) {
        if (!(name in journeys)) problems.push(`mix.${name}: no such journey`);
        if (!isPositive(weight)) problems.push(`mix.${name}: expected a weight above 0`);
    }
    const profiles = isObject(raw.profiles) ? raw.profiles : {};
    if (!isObject(raw.profiles) || Object.keys(profiles).length === 0) problems.push('profiles: expected at least one profile');
    for (const [name, profile] of Object.entries(profiles)) checkProfile(problems, name, profile);

    if (problems.length) {
        throw new ScenarioError(problems);
    }
    return raw as unknown as Scenario;
}
