import { LIMIT_HEADROOM, type LimitBudget } from '../limits/limit-budget';
import { describeLimit } from '../limits/limit-advice';
import type { StackLimits } from '../limits/stack-limits';
import type { CapacityProfile } from '../scenario/types';
import type { CapacityPlan } from './capacity-search';

export interface PlanOverrides {
    startRate?: number;
    maxRate?: number;
}

/**
 * The ramp of a capacity profile against one stack: it starts at startRate and ends at the
 * profile's maxRate, or lower, where the stack's per-address limits would start answering 429.
 */
export function capacityPlan(profile: CapacityProfile, budget: LimitBudget | undefined, limits: StackLimits | undefined, overrides: PlanOverrides = {}): CapacityPlan {
    const maxRate = overrides.maxRate ?? profile.maxRate;
    const limited = budget !== undefined && budget.maxJourneysPerSecond < maxRate;
    const ceiling = limited ? budget.maxJourneysPerSecond : maxRate;
    const ceilingReason =
        limited && budget.bindingLimit
            ? `${Math.round(LIMIT_HEADROOM * 100)}% of ${describeLimit(budget.bindingLimit, limits)}; raise that limit to measure beyond it`
            : `the profile's maxRate of ${maxRate} journeys/s (--max-rate to raise it)`;
    return {
        startRate: Math.min(overrides.startRate ?? profile.startRate, ceiling),
        growth: profile.growth,
        ceiling,
        ceilingReason,
        refine: profile.refine,
    };
}
