import { describe, expect, it } from 'vitest';

import { capacityPlan } from '../src/capacity/capacity-plan';
import { rampRates, searchCapacity, type CapacityPlan, type CapacityStep } from '../src/capacity/capacity-search';
import { capacityLine } from '../src/capacity/format-capacity';
import { judgeStep } from '../src/capacity/judge-step';
import { stepSeconds } from '../src/capacity/run-capacity';
import { limitBudget } from '../src/limits/limit-budget';
import { readStackLimits } from '../src/limits/stack-limits';
import { loadScenario } from '../src/scenario/load-scenario';
import type { CapacityProfile } from '../src/scenario/types';
import { runResult } from './fixtures';

const plan = (fields: Partial<CapacityPlan> = {}): CapacityPlan => ({ startRate: 2, growth: 1.5, ceiling: 100, ceilingReason: 'the test', refine: 2, ...fields });

/** A stack that holds the SLO up to `knee` journeys/s (2.5 requests per journey), with p95 rising past it. */
function stack(knee: number, limitedFrom = Number.POSITIVE_INFINITY) {
    const rates: number[] = [];
    const runStep = async (journeysPerSecond: number): Promise<CapacityStep> => {
        rates.push(journeysPerSecond);
        const result = runResult({
            offeredJourneysPerSecond: journeysPerSecond,
            requestsPerSecond: journeysPerSecond * 2.5,
            latencyMs: { p50: 50, p95: journeysPerSecond <= knee ? 300 : 900, p99: 1000, max: 1200, mean: 80 },
            rateLimited: journeysPerSecond >= limitedFrom ? { 'nginx-shop-api': 3 } : {},
        });
        return { journeysPerSecond, result, verdict: judgeStep(result, 500) };
    };
    return { rates, runStep };
}

describe('the capacity search', () => {
    it('ramps by the growth factor and ends on the ceiling itself', () => {
        expect(rampRates(2, 1.5, 10)).toEqual([2, 3, 4.5, 6.75, 10]);
        expect(rampRates(5, 1.25, 5)).toEqual([5]);
    });

    it('finds the knee: ramps until a step breaks, then bisects between the last that held and the first that broke', async () => {
        const { rates, runStep } = stack(8);
        const outcome = await searchCapacity(plan(), runStep);
        expect(rates).toEqual([2, 3, 4.5, 6.75, 10.13, 8.27, 7.47]);
        expect(outcome).toMatchObject({ stoppedBy: 'slo', capacity: { journeysPerSecond: 7.47 }, breaking: { journeysPerSecond: 8.27 } });
        expect(capacityLine(outcome, 500)).toBe(
            'CAPACITY: 7.47 journeys/s = 18.675 requests/s of the mix, p95 300 ms, within p95 ≤ 500 ms, 0 errors. At 8.27 journeys/s: p95 900 ms > 500 ms.',
        );
    });

    it('says "at least" when every step held up to the ceiling, and why the ceiling is there', async () => {
        const outcome = await searchCapacity(plan({ ceiling: 5, ceilingReason: "80% of nginx's Shop API limit" }), stack(50).runStep);
        expect(outcome).toMatchObject({ stoppedBy: 'ceiling', capacity: { journeysPerSecond: 5 } });
        expect(capacityLine(outcome, 500)).toMatch(/^CAPACITY: at least 5 journeys\/s .*the ramp stopped at its ceiling, 80% of nginx's Shop API limit\.$/);
    });

    it('stops at once when a limit of the stack answers, and reports no capacity', async () => {
        const { rates, runStep } = stack(50, 4);
        const outcome = await searchCapacity(plan(), runStep);
        expect(rates).toEqual([2, 3, 4.5]);
        expect(outcome).toMatchObject({ stoppedBy: 'rate-limited', capacity: { journeysPerSecond: 3 }, breaking: { journeysPerSecond: 4.5 } });
        expect(capacityLine(outcome, 500)).toMatch(/^CAPACITY: not measured: a limit of the stack answered 429 at 4.5 journeys\/s/);
    });

    it('halves the rate when the first step already breaks, until one holds, then bisects', async () => {
        const { rates, runStep } = stack(0.6);
        const outcome = await searchCapacity(plan(), runStep);
        expect(rates).toEqual([2, 1, 0.5, 0.71, 0.6]);
        expect(outcome).toMatchObject({ stoppedBy: 'slo', capacity: { journeysPerSecond: 0.6 }, breaking: { journeysPerSecond: 0.71 } });
    });

    it('reports none when even the last halving breaks', async () => {
        const { rates, runStep } = stack(0.05);
        const outcome = await searchCapacity(plan(), runStep);
        expect(rates).toEqual([2, 1, 0.5, 0.25, 0.13]);
        expect(outcome.capacity).toBeUndefined();
        expect(capacityLine(outcome, 500)).toMatch(/^CAPACITY: none within p95 ≤ 500 ms, 0 errors: even the lowest step, 0.13 journeys\/s, broke it/);
    });
});

describe('the length of a step', () => {
    it('is the step duration, or longer at a low rate, until the step has 60 requests for its p95', () => {
        expect(stepSeconds(20, 10, 2.3)).toBe(20);
        expect(stepSeconds(5, 2, 2.3)).toBe(14);
        expect(stepSeconds(5, 20, 2.3)).toBe(5);
    });
});

describe('judging a step', () => {
    it('holds only with p95 within the SLO, no error, no dropped iteration and no 429', () => {
        expect(judgeStep(runResult(), 500)).toEqual({ passed: true, reasons: [], rateLimited: false });
        expect(judgeStep(runResult({ failed: 1, graphqlErrors: 2, droppedIterations: 3, latencyMs: { p50: 1, p95: 501, p99: 1, max: 1, mean: 1 } }), 500)).toEqual({
            passed: false,
            rateLimited: false,
            reasons: ['3 error(s): 1 failed, 2 GraphQL errors, 0 unmet expectations', '3 iteration(s) dropped: every virtual user of a journey was busy', 'p95 501 ms > 500 ms'],
        });
        expect(judgeStep(runResult({ rateLimited: { 'login-concurrency': 2 } }), 500)).toMatchObject({ passed: false, rateLimited: true });
        // Logins that queued past their wait in a step whose p95 broke anyway: the overload, not a limit.
        const slow = { p50: 1, p95: 900, p99: 1, max: 1, mean: 1 };
        expect(judgeStep(runResult({ rateLimited: { 'login-concurrency': 1 }, latencyMs: slow }), 500)).toMatchObject({ passed: false, rateLimited: false });
        // Any other limit stops the search whatever else broke.
        expect(judgeStep(runResult({ rateLimited: { 'login-concurrency': 1, 'nginx-admin-api': 1 }, latencyMs: slow }), 500)).toMatchObject({ rateLimited: true });
    });
});

describe('the plan against a stack', () => {
    const { scenario } = loadScenario();
    const profile = scenario.profiles.capacity as CapacityProfile;

    it("caps the ramp below the stack's limits and says so", () => {
        const limits = readStackLimits({ env: {}, envFile: {} });
        const capped = capacityPlan(profile, limitBudget(limits, scenario), limits);
        expect(capped.ceiling).toBeLessThan(profile.maxRate);
        expect(capped.ceilingReason).toBe("80% of nginx's Shop API limit per client address (requests/s, or requests in flight) (NGINX_SHOP_API_RATE=100r/s, NGINX_SHOP_API_BURST=200, NGINX_SHOP_API_CONNECTIONS=100); raise that limit to measure beyond it");
        expect(capacityPlan(profile, undefined, undefined, { maxRate: 30, startRate: 50 })).toMatchObject({ ceiling: 30, startRate: 30 });
    });
});
