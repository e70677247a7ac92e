import type { z } from 'zod';

import type { POOLS, scenarioSchema } from './scenario-schema';

/** The shape of scenarios/scenarios.json, as its schema defines it; the k6 scripts read the same file. */
export type Scenario = z.output<typeof scenarioSchema>;
export type Journey = Scenario['journeys'][string];
export type Step = Journey['steps'][number];
export type Profile = Scenario['profiles'][string];
export type ConstantProfile = Extract<Profile, { executor: 'constant-arrival-rate' }>;
export type CapacityProfile = Extract<Profile, { executor: 'capacity' }>;
export type Thresholds = ConstantProfile['thresholds'];
export type Api = Journey['api'];
export type PoolName = (typeof POOLS)[number];

/** A scenario with every GraphQL document it names read in, keyed by its path below documentsDir. */
export interface LoadedScenario {
    scenario: Scenario;
    documents: Record<string, string>;
}
