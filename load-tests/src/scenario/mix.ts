import type { Scenario } from './types';

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

/** Requests per journey, averaged over the mix: turns journeys/s into requests/s. */
export function meanStepsPerJourney(scenario: Scenario, mix: Scenario['mix'] = scenario.mix): number {
    return mixShares(mix).reduce((sum, { journey, share }) => sum + share * scenario.journeys[journey].steps.length, 0);
}
