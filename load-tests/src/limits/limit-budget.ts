import type { LimitKind } from '../graphql/rate-limit';
import { requestsPerJourney } from '../scenario/mix';
import type { Scenario } from '../scenario/types';
import type { StackLimits } from './stack-limits';

/**
 * The share of a limit a run may use. Arrivals are spread evenly, but the requests of concurrent
 * journeys still bunch up; nginx's burst absorbs that only while the average stays below the rate.
 */
export const LIMIT_HEADROOM = 0.8;

export interface LimitBudget {
    /** The highest journeys/s of this mix that stays inside every per-address limit. */
    maxJourneysPerSecond: number;
    /** The limit that sets it; undefined when no limit applies (a mix without that API). */
    bindingLimit?: LimitKind;
    /** Shop API journeys in flight at once: below nginx's per-address connection limit. */
    maxShopVUs: number;
}

/**
 * What one client address (a load test) may offer this stack: requests/s per API under nginx's
 * `limit_req` rates, and journeys in flight under the Shop API's `limit_conn`.
 */
export function limitBudget(limits: StackLimits, scenario: Scenario, mix: Scenario['mix'] = scenario.mix): LimitBudget {
    const caps: Array<[LimitKind, number]> = [];
    const admin = requestsPerJourney(scenario, mix, 'admin');
    if (admin > 0) {
        caps.push(['nginx-admin-api', (LIMIT_HEADROOM * limits.adminApi.requestsPerSecond) / admin]);
    }
    const shop = requestsPerJourney(scenario, mix, 'shop');
    if (shop > 0) {
        caps.push(['nginx-shop-api', (LIMIT_HEADROOM * limits.shopApi.requestsPerSecond) / shop]);
    }
    const [binding] = [...caps].sort(([, a], [, b]) => a - b);
    return {
        maxJourneysPerSecond: binding ? binding[1] : Number.POSITIVE_INFINITY,
        bindingLimit: binding?.[0],
        maxShopVUs: Math.max(1, Math.floor(LIMIT_HEADROOM * limits.shopApi.connections)),
    };
}
