import type { Api, Journey, Scenario } from './types';

/** Each journey's share of the mix (sums to 1), in the mix's order. */
export function mixShares(mix: Scenario['mix']): Array<{ journey: string; share: number }> {
    const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    return Object.entries(mix).map(([journey, weight]) => ({ journey, share: weight / total }));
}

/** A journey drawn by weight. */
export function chooseJourney(mix: Scenario['mix'], random: () => number = Math.random): string {
    const shares = mixShares(mix);
    let left = random();
    for (const { journey, share } of shares) {
        left -= share;
        if (left < 0) {
            return journey;
        }
    }
    return shares[shares.length - 1].journey;
}

/**
 * Requests one iteration of a journey sends, on average: a `once` step runs once per session, so
 * it counts 1/sessionIterations, and nothing for a session that lasts as long as the virtual user.
 */
export function requestsPerIteration(journey: Journey): number {
    const onceShare = journey.sessionIterations ? 1 / journey.sessionIterations : 0;
    return journey.steps.reduce((sum, step) => sum + (step.once ? onceShare : 1), 0);
}

/** Requests per journey of the mix, on average, to one API or both: turns journeys/s into requests/s. */
export function requestsPerJourney(scenario: Scenario, mix: Scenario['mix'] = scenario.mix, api?: Api): number {
    return mixShares(mix).reduce((sum, { journey, share }) => {
        const definition = scenario.journeys[journey];
        return api && definition.api !== api ? sum : sum + share * requestsPerIteration(definition);
    }, 0);
}
