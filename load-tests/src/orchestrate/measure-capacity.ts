import { capacityPlan } from '../capacity/capacity-plan';
import type { CapacityOutcome } from '../capacity/capacity-search';
import { runCapacity } from '../capacity/run-capacity';
import { chooseMix, type DriveTarget } from '../driver/drive-profile';
import { errorCount } from '../driver/run-result';
import { limitBudget } from '../limits/limit-budget';
import type { StackLimits } from '../limits/stack-limits';
import { parseDuration } from '../scenario/duration';
import { progress } from './progress';

export interface CapacityMeasurement {
    target: DriveTarget;
    /** Default the whole mix. */
    journeys?: string[];
    warmupS: number;
    /** Default the profile's. */
    stepDurationS?: number;
    /** The limits in front of the target (nginx's); undefined when the target is a server itself. */
    limits?: StackLimits;
    profileName?: string;
}

/** A warm-up, then a capacity search of the mix (the "capacity" profile) against one target. */
export async function measureCapacity(m: CapacityMeasurement): Promise<CapacityOutcome> {
    const { scenario } = m.target.loaded;
    const profileName = m.profileName ?? 'capacity';
    const profile = scenario.profiles[profileName];
    if (profile?.executor !== 'capacity') {
        throw new Error(`"${profileName}" is not a capacity profile`);
    }
    const mix = chooseMix(scenario, m.journeys);
    const budget = m.limits ? limitBudget(m.limits, scenario, mix) : undefined;
    const plan = capacityPlan(profile, budget, m.limits);
    progress(`  warm-up ${m.warmupS} s, then the capacity ramp from ${plan.startRate} journeys/s`);
    return runCapacity({
        target: m.target,
        profileName,
        mix,
        plan,
        stepDurationS: m.stepDurationS ?? parseDuration(profile.stepDuration) / 1000,
        sloP95Ms: profile.sloP95Ms,
        maxVUs: profile.maxVUs,
        maxShopVUs: budget?.maxShopVUs,
        warmup: { journeysPerSecond: plan.startRate, durationS: m.warmupS },
        onStep: step =>
            progress(
                `  ${step.journeysPerSecond} journeys/s: ${step.result.requestsPerSecond} req/s, p95 ${step.result.latencyMs.p95} ms, ` +
                    `errors ${errorCount(step.result)}: ${step.verdict.passed ? 'held' : 'broke'}`,
            ),
    });
}
