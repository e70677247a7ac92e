import type { CapacityOutcome } from './capacity-search';

const describe = (step: NonNullable<CapacityOutcome['capacity']>) =>
    `${step.journeysPerSecond} journeys/s = ${step.result.requestsPerSecond} requests/s of the mix, p95 ${step.result.latencyMs.p95} ms`;

/**
 * The answer to "how much can this stack take?", first in the output: the highest arrival rate
 * that held the SLO with no error, and what stopped the search above it.
 */
export function capacityLine(outcome: CapacityOutcome, sloP95Ms: number, where = ''): string {
    const { capacity, breaking } = outcome;
    const slo = `p95 ≤ ${sloP95Ms} ms, 0 errors`;
    const prefix = `CAPACITY${where ? ` (${where})` : ''}`;
    if (outcome.stoppedBy === 'rate-limited') {
        const below = capacity ? `; the steps below it held up to ${describe(capacity)}` : '';
        return `${prefix}: not measured: a limit of the stack answered 429 at ${breaking?.journeysPerSecond} journeys/s (see RATE-LIMITED below)${below}.`;
    }
    if (!capacity) {
        return `${prefix}: none within ${slo}: even the lowest step, ${breaking?.journeysPerSecond} journeys/s, broke it (${breaking?.verdict.reasons.join('; ')}).`;
    }
    if (outcome.stoppedBy === 'ceiling') {
        return `${prefix}: at least ${describe(capacity)}, within ${slo}: the ramp stopped at its ceiling, ${outcome.plan.ceilingReason}.`;
    }
    return `${prefix}: ${describe(capacity)}, within ${slo}. At ${breaking?.journeysPerSecond} journeys/s: ${breaking?.verdict.reasons.join('; ')}.`;
}
