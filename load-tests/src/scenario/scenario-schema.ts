import { z } from 'zod';

import { parseDuration } from './duration';

/** The pools setup() fills from the running shop; a journey's `pick` and `sessionPick` draw from them. */
export const POOLS = ['collections', 'products', 'variants', 'searchTerms', 'customers', 'admin'] as const;

/** Lists every problem of a scenario file at once, so that one edit fixes them all. */
export class ScenarioError extends Error {
    override readonly name = 'ScenarioError';
    constructor(readonly problems: readonly string[]) {
        super(`Invalid scenario definition (${problems.length}):\n${problems.map(p => `  - ${p}`).join('\n')}`);
    }
}

const positive = (what: string) => z.number({ error: `expected ${what}` }).positive({ error: `expected ${what}` });
const wholePositive = (what: string) => positive(what).int({ error: `expected ${what}` });
const rate = z.number({ error: 'expected a rate between 0 and 1' }).min(0, { error: 'expected a rate between 0 and 1' }).max(1, { error: 'expected a rate between 0 and 1' });
const graphqlPath = z.string({ error: 'expected a path ending in .graphql' }).endsWith('.graphql', { error: 'expected a path ending in .graphql' });
const duration = z.string({ error: 'expected a duration such as 30s' }).refine(
    text => {
        try {
            return parseDuration(text) > 0;
        } catch {
            return false;
        }
    },
    { error: 'expected a duration such as 30s' },
);
const pool = z.enum(POOLS, { error: `unknown pool (one of ${POOLS.join(', ')})` });

const stepSchema = z.strictObject({
    name: z.string({ error: 'expected a name' }).min(1, { error: 'expected a name' }),
    /** Path below documentsDir, e.g. shop/search.graphql. */
    document: graphqlPath,
    /** Values: JSON, or "$alias.field" for a value picked for this iteration or session. */
    variables: z.record(z.string(), z.unknown()).optional(),
    /** Dotted path into `data` -> the value it must have (e.g. "addItemToOrder.__typename": "Order"). */
    expect: z.record(z.string(), z.string({ error: 'expected path -> string' })).optional(),
    /** Runs until it succeeded once in the session, then is skipped (a login in a `vu` session). */
    once: z.literal(true, { error: 'expected true' }).optional(),
});

const journeySchema = z.strictObject({
    description: z.string().optional(),
    api: z.enum(['shop', 'admin'], { error: 'expected shop or admin' }),
    /** iteration: a fresh session for every pass; vu: the session lives on in the virtual user. */
    session: z.enum(['iteration', 'vu'], { error: 'expected iteration or vu' }),
    /** A `vu` session ends after this many iterations (a user comes back and logs in again). Default: never. */
    sessionIterations: wholePositive('a whole number above 0').optional(),
    /** Alias -> pool, chosen once per session by the virtual user's number: one user, one identity. */
    sessionPick: z.record(z.string(), pool).optional(),
    /** Alias -> pool, one element picked per iteration, referenced as "$alias.field". */
    pick: z.record(z.string(), pool).default({}),
    steps: z.array(stepSchema).min(1, { error: 'expected at least one step' }),
});

const thresholdsSchema = z.strictObject({
    /** Failed requests (no answer, or a status other than 2xx and 429) over all requests. */
    maxFailedRate: rate.optional(),
    /** Passed checks (2xx, no GraphQL errors, expectations met) over all requests. */
    minCheckRate: rate.optional(),
    p95Ms: positive('ms above 0').optional(),
});

const constantProfileSchema = z.strictObject({
    executor: z.literal('constant-arrival-rate'),
    description: z.string().optional(),
    /** Journeys started per second, over all journeys of the mix. */
    rate: positive('journeys per second above 0'),
    duration,
    /** Upper bound of journeys in flight (k6 maxVUs), shared out over the journeys by weight. */
    maxVUs: wholePositive('a whole number above 0'),
    thresholds: thresholdsSchema,
});

/**
 * Open model, step by step: every step holds a constant arrival rate for `stepDuration`; the next
 * multiplies it by `growth`, until a step breaks the SLO (p95, no errors, no iteration dropped) or
 * `maxRate` is reached. The highest step that held is the capacity. The npm-only driver then
 * bisects between it and the first step that broke, `refine` times.
 */
const capacityProfileSchema = z.strictObject({
    executor: z.literal('capacity'),
    description: z.string().optional(),
    startRate: positive('journeys per second above 0'),
    growth: z.number({ error: 'expected a factor above 1' }).gt(1, { error: 'expected a factor above 1' }).max(4, { error: 'expected a factor of at most 4' }),
    maxRate: positive('journeys per second above 0'),
    stepDuration: duration,
    /** Before the first step, at its rate, not judged: JIT, connection pools, caches, the first sign-ins. */
    warmup: duration.optional(),
    refine: z.number({ error: 'expected a whole number from 0 to 6' }).int().min(0).max(6),
    maxVUs: wholePositive('a whole number above 0'),
    /** The latency objective: the 95th percentile of every request of a step, in ms. */
    sloP95Ms: positive('ms above 0'),
});

const profileSchema = z.discriminatedUnion('executor', [constantProfileSchema, capacityProfileSchema], {
    error: 'expected executor constant-arrival-rate or capacity',
});

const setupSchema = z.strictObject({
    catalogue: graphqlPath,
    catalogueTake: wholePositive('1 or more'),
    adminLogin: graphqlPath,
    findCustomers: graphqlPath,
    createCustomer: graphqlPath,
    customers: wholePositive('1 or more'),
    customerEmailDomain: z.string().regex(/^[^@\s]+\.[^@\s]+$/, { error: 'expected a domain' }),
});

/** "$alias.field" references inside a variables or expect value. */
function references(value: unknown): string[] {
    if (typeof value === 'string') {
        return value.startsWith('$') ? [value.slice(1).split('.')[0]] : [];
    }
    if (Array.isArray(value)) {
        return value.flatMap(references);
    }
    return typeof value === 'object' && value !== null ? Object.values(value).flatMap(references) : [];
}

/** The rules that tie parts of the file together, beyond each part's own shape. */
function checkReferences(scenario: z.output<typeof shapeSchema>, context: z.RefinementCtx): void {
    for (const [name, journey] of Object.entries(scenario.journeys)) {
        const at = ['journeys', name];
        if (journey.session !== 'vu') {
            for (const key of ['sessionIterations', 'sessionPick'] as const) {
                if (journey[key] !== undefined) {
                    context.addIssue({ code: 'custom', path: [...at, key], message: 'only in a journey whose session is "vu"' });
                }
            }
        }
        const sessionAliases = Object.keys(journey.sessionPick ?? {});
        for (const alias of sessionAliases.filter(alias => alias in journey.pick)) {
            context.addIssue({ code: 'custom', path: [...at, 'sessionPick', alias], message: 'also picked per iteration; use one of them' });
        }
        journey.steps.forEach((step, index) => {
            if (step.once && journey.session !== 'vu') {
                context.addIssue({ code: 'custom', path: [...at, 'steps', index, 'once'], message: 'only in a journey whose session is "vu"' });
            }
            for (const alias of references([step.variables, step.expect])) {
                if (!(alias in journey.pick) && !sessionAliases.includes(alias)) {
                    context.addIssue({ code: 'custom', path: [...at, 'steps', index], message: `"$${alias}" is not picked by the journey` });
                }
            }
        });
    }
    for (const name of Object.keys(scenario.mix).filter(name => !(name in scenario.journeys))) {
        context.addIssue({ code: 'custom', path: ['mix', name], message: 'no such journey' });
    }
}

const shapeSchema = z.strictObject({
    description: z.string().optional(),
    documentsDir: z.string({ error: 'expected a path' }),
    setup: setupSchema,
    journeys: z.record(z.string(), journeySchema).refine(journeys => Object.keys(journeys).length > 0, { error: 'expected at least one journey' }),
    /** Journey -> relative weight. */
    mix: z.record(z.string(), positive('a weight above 0')).refine(mix => Object.keys(mix).length > 0, { error: 'expected at least one journey weight' }),
    profiles: z.record(z.string(), profileSchema).refine(profiles => Object.keys(profiles).length > 0, { error: 'expected at least one profile' }),
});

export const scenarioSchema = shapeSchema.superRefine(checkReferences);

/** `journeys.browse.steps[0].once`: the path as one would write it in JavaScript. */
function formatPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Checks a parsed scenarios.json; returns it typed, or throws a ScenarioError naming every problem. */
export function parseScenario(raw: unknown): z.output<typeof scenarioSchema> {
    const result = scenarioSchema.safeParse(raw);
    if (!result.success) {
        throw new ScenarioError(result.error.issues.map(issue => (issue.path.length ? `${formatPath(issue.path)}: ${issue.message}` : issue.message)));
    }
    return result.data;
}
