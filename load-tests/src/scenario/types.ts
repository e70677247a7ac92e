/** The shape of scenarios/scenarios.json; the k6 scripts read the same file with the same meaning. */

export type Api = 'shop' | 'admin';

/** The pools setup() fills from the running shop; a journey's `pick` draws from them. */
export const POOLS = ['collections', 'products', 'variants', 'searchTerms', 'customers', 'admin'] as const;
export type PoolName = (typeof POOLS)[number];

export interface Step {
    name: string;
    /** Path below documentsDir, e.g. shop/search.graphql. */
    document: string;
    /** Values: JSON, or "$pick.field" for a value picked for this iteration. */
    variables?: Record<string, unknown>;
    /** Dotted path into `data` -> the value it must have (e.g. "addItemToOrder.__typename": "Order"). */
    expect?: Record<string, string>;
    /** Run until it succeeded once for this virtual user, then skip (a login in a `vu` session). */
    once?: boolean;
}

export interface Journey {
    description?: string;
    api: Api;
    /** iteration: a fresh session for every pass; vu: the session lives as long as the virtual user. */
    session: 'iteration' | 'vu';
    /** Name -> pool: one element picked per iteration, referenced as "$name.field". */
    pick: Record<string, PoolName>;
    steps: Step[];
}

export interface Thresholds {
    /** Failed requests (transport errors, non-2xx) over all requests. */
    maxFailedRate?: number;
    /** Passed checks (2xx, no GraphQL errors, expectations met) over all checks. */
    minCheckRate?: number;
    p95Ms?: number;
}

interface ProfileBase {
    description?: string;
    /** Upper bound of journeys in flight (k6 maxVUs; autocannon connections). */
    maxVUs: number;
    thresholds: Thresholds;
}

export interface ConstantArrivalRateProfile extends ProfileBase {
    executor: 'constant-arrival-rate';
    /** Journeys started per second, over all journeys of the mix. */
    rate: number;
    duration: string;
}

export interface RampingArrivalRateProfile extends ProfileBase {
    executor: 'ramping-arrival-rate';
    startRate: number;
    stages: Array<{ target: number; duration: string }>;
}

export type Profile = ConstantArrivalRateProfile | RampingArrivalRateProfile;

export interface SetupDefinition {
    catalogue: string;
    catalogueTake: number;
    adminLogin: string;
    findCustomers: string;
    createCustomer: string;
    customers: number;
    customerEmailDomain: string;
}

export interface Scenario {
    description?: string;
    documentsDir: string;
    setup: SetupDefinition;
    journeys: Record<string, Journey>;
    /** Journey -> relative weight. */
    mix: Record<string, number>;
    profiles: Record<string, Profile>;
}

/** A scenario with every GraphQL document it names read in, keyed by its path below documentsDir. */
export interface LoadedScenario {
    scenario: Scenario;
    documents: Record<string, string>;
}
