import type { RunResult } from '../driver/run-result';
import type { StepVerdict } from './judge-step';

export interface CapacityPlan {
    startRate: number;
    growth: number;
    /** The highest rate the ramp offers: the profile's maxRate, or below the stack's limits. */
    ceiling: number;
    /** Why the ceiling is where it is, for the capacity line when the ramp reaches it. */
    ceilingReason: string;
    /** Bisections between the last step that held and the first that broke. */
    refine: number;
}

export interface CapacityStep {
    journeysPerSecond: number;
    result: RunResult;
    verdict: StepVerdict;
}

export interface CapacityOutcome<S extends CapacityStep = CapacityStep> {
    /** Every step run, in the order run. */
    steps: S[];
    /** The highest rate that held: the capacity. */
    capacity?: S;
    /** The lowest rate that broke. */
    breaking?: S;
    /** slo: a step broke; ceiling: every step held up to the ceiling; rate-limited: a limit answered. */
    stoppedBy: 'slo' | 'ceiling' | 'rate-limited';
    plan: CapacityPlan;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Halvings below the first step when even that one breaks (down to startRate / 16): the start
 * suits the default stack, not a single server capped at a fraction of a core.
 */
export const DESCENTS = 4;

/** The ramp: startRate, x growth per step, and the ceiling itself as the last step. */
export function rampRates(startRate: number, growth: number, ceiling: number): number[] {
    const rates: number[] = [];
    for (let rate = startRate; rate < ceiling && rates.length < 200; rate *= growth) {
        rates.push(round2(rate));
    }
    rates.push(round2(ceiling));
    return rates;
}

/**
 * Raises the arrival rate step by step until a step breaks the SLO (or the ceiling is reached),
 * then bisects (geometrically) between the last rate that held and the first that broke. When the
 * very first step breaks, it halves the rate until a step holds (DESCENTS at most), then bisects. A step
 * that a limit of the stack answered stops the search at once: past it, the run would measure
 * the limit. `runStep` runs one step at a rate; the search only decides which rates to run.
 */
export async function searchCapacity<S extends CapacityStep>(
    plan: CapacityPlan,
    runStep: (journeysPerSecond: number) => Promise<S>,
): Promise<CapacityOutcome<S>> {
    const steps: S[] = [];
    let held: S | undefined;
    let broke: S | undefined;
    const outcome = (stoppedBy: CapacityOutcome['stoppedBy']): CapacityOutcome<S> => ({ steps, capacity: held, breaking: broke, stoppedBy, plan });
    /** Runs one step and files it as held or broke; false when a limit of the stack answered it. */
    const tryRate = async (rate: number): Promise<boolean> => {
        const step = await runStep(rate);
        steps.push(step);
        if (step.verdict.passed && !step.verdict.rateLimited) {
            held = step;
        } else {
            broke = step;
        }
        return !step.verdict.rateLimited;
    };
    for (const rate of rampRates(plan.startRate, plan.growth, plan.ceiling)) {
        if (!(await tryRate(rate))) {
            return outcome('rate-limited');
        }
        if (broke) {
            break;
        }
    }
    if (!broke) {
        return outcome('ceiling');
    }
    for (let i = 0, rate = broke.journeysPerSecond / 2; !held && i < DESCENTS; i++, rate /= 2) {
        if (!(await tryRate(round2(rate)))) {
            return outcome('rate-limited');
        }
    }
    for (let i = 0; i < plan.refine && held; i++) {
        const rate = round2(Math.sqrt(held.journeysPerSecond * broke.journeysPerSecond));
        if (rate <= held.journeysPerSecond || rate >= broke.journeysPerSecond) {
            break;
        }
        if (!(await tryRate(rate))) {
            return outcome('rate-limited');
        }
    }
    return outcome('slo');
}
