import { openRun, type DriveTarget } from '../driver/drive-profile';
import { runArrivalRate } from '../driver/open-model';
import type { RunResult } from '../driver/run-result';
import { requestsPerJourney } from '../scenario/mix';
import type { Scenario } from '../scenario/types';
import { searchCapacity, type CapacityOutcome, type CapacityPlan, type CapacityStep } from './capacity-search';
import { judgeStep } from './judge-step';

export interface CapacityRun<S extends CapacityStep> {
    target: DriveTarget;
    profileName: string;
    mix: Scenario['mix'];
    plan: CapacityPlan;
    stepDurationS: number;
    sloP95Ms: number;
    maxVUs: number;
    maxShopVUs?: number;
    /** A run before the search, not judged: JIT, connection pools, caches, the administrators' logins. */
    warmup?: { journeysPerSecond: number; durationS: number };
    /**
     * Runs one step through `drive` and returns it with whatever else was measured around it
     * (the scaling benchmark adds the stack's CPU). Default: the step alone.
     */
    measure?: (journeysPerSecond: number, drive: () => Promise<CapacityStep>) => Promise<S>;
    onStep?: (step: S) => void;
}

/** Requests a step needs for its p95 to mean something: the 95th percentile of 60 is the 3rd-slowest. */
export const MIN_STEP_REQUESTS = 60;

/** A step lasts stepDurationS, or longer at a low rate, until it has sent MIN_STEP_REQUESTS. */
export function stepSeconds(stepDurationS: number, journeysPerSecond: number, requestsPerJourney: number): number {
    return Math.max(stepDurationS, Math.ceil(MIN_STEP_REQUESTS / Math.max(0.001, journeysPerSecond * requestsPerJourney)));
}

/**
 * A capacity search through the open-model driver: one set of virtual users for the whole ramp
 * (administrators sign in once, as k6 keeps its VUs across scenarios), each step judged against
 * the SLO.
 */
export async function runCapacity<S extends CapacityStep = CapacityStep>(run: CapacityRun<S>): Promise<CapacityOutcome<S>> {
    const session = openRun(run.target, run.mix, run.maxVUs, run.maxShopVUs);
    const perJourney = requestsPerJourney(run.target.loaded.scenario, run.mix);
    const drive = async (journeysPerSecond: number): Promise<CapacityStep> => {
        const result: RunResult = await runArrivalRate({
            ...run.target,
            profile: run.profileName,
            mix: run.mix,
            journeysPerSecond,
            durationS: stepSeconds(run.stepDurationS, journeysPerSecond, perJourney),
            users: session.users,
            http: session.http,
            // Iterations still running at a step's end belong to an overload: the next step must not wait long for them.
            gracefulStopS: 10,
        });
        return { journeysPerSecond, result, verdict: judgeStep(result, run.sloP95Ms) };
    };
    const measure = run.measure ?? ((rate: number, step: () => Promise<CapacityStep>) => step() as Promise<S>);
    try {
        if (run.warmup && run.warmup.durationS > 0) {
            await runArrivalRate({ ...run.target, profile: run.profileName, mix: run.mix, ...run.warmup, users: session.users, http: session.http, gracefulStopS: 10 });
        }
        return await searchCapacity(run.plan, async rate => {
            const step = await measure(rate, () => drive(rate));
            run.onStep?.(step);
            return step;
        });
    } finally {
        session.close();
    }
}
