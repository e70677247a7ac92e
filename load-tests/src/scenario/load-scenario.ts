import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseScenario, ScenarioError } from './scenario-schema';
import type { LoadedScenario, Scenario } from './types';

/** scenarios/scenarios.json, found from dist/ and from src/ alike (both sit one level below the project). */
export const DEFAULT_SCENARIO_FILE = path.resolve(__dirname, '..', '..', 'scenarios', 'scenarios.json');

/** Every document the scenario names: the journeys' steps and the setup queries. */
export function documentPaths(scenario: Scenario): string[] {
    const { setup } = scenario;
    const steps = Object.values(scenario.journeys).flatMap(journey => journey.steps.map(step => step.document));
    return [...new Set([...steps, setup.catalogue, setup.adminLogin, setup.findCustomers, setup.createCustomer])];
}

/**
 * Reads and checks the scenario file and reads every GraphQL document it names (relative to the
 * file's documentsDir): a missing document fails here, before any load is sent.
 */
export function loadScenario(file = DEFAULT_SCENARIO_FILE): LoadedScenario {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        throw new ScenarioError([`${file}: ${(error as Error).message}`]);
    }
    const scenario = parseScenario(raw);
    const dir = path.resolve(path.dirname(file), scenario.documentsDir);
    const documents: Record<string, string> = {};
    const missing: string[] = [];
    for (const document of documentPaths(scenario)) {
        try {
            documents[document] = readFileSync(path.join(dir, document), 'utf8');
        } catch {
            missing.push(`${document}: not found in ${dir}`);
        }
    }
    if (missing.length) {
        throw new ScenarioError(missing);
    }
    return { scenario, documents };
}
