import { mixShares } from '../scenario/mix';
import type { Pools } from '../scenario/picks';
import type { LoadedScenario, Scenario } from '../scenario/types';
import { VirtualUser } from './virtual-user';

/**
 * Virtual users per journey, as k6 gives each journey's scenario its own: `maxVUs` shared out by
 * weight (at least one each), Shop API journeys together kept to `maxShopVUs`, the requests one
 * address may have in flight at nginx.
 */
export function vuCaps(scenario: Scenario, mix: Scenario['mix'], maxVUs: number, maxShopVUs = Number.POSITIVE_INFINITY): Record<string, number> {
    const shares = mixShares(mix);
    const caps = Object.fromEntries(shares.map(({ journey, share }) => [journey, Math.max(1, Math.ceil(maxVUs * share))]));
    const shop = shares.filter(({ journey }) => scenario.journeys[journey].api === 'shop');
    const shopTotal = shop.reduce((sum, { journey }) => sum + caps[journey], 0);
    if (shopTotal > maxShopVUs) {
        const shopShare = shop.reduce((sum, { share }) => sum + share, 0);
        for (const { journey, share } of shop) {
            caps[journey] = Math.max(1, Math.floor((maxShopVUs * share) / shopShare));
        }
    }
    return caps;
}

/**
 * The virtual users of one run, kept across its steps: a capacity search's administrators log
 * in once, not once per step. Created when needed, up to each journey's cap.
 */
export class VirtualUsers {
    private readonly idle = new Map<string, VirtualUser[]>();
    private readonly created = new Map<string, number>();

    constructor(
        private readonly loaded: LoadedScenario,
        private readonly pools: Pools,
        readonly caps: Record<string, number>,
    ) {}

    /** An idle virtual user of the journey, or undefined when all `caps[journey]` are busy. */
    acquire(journey: string): VirtualUser | undefined {
        const waiting = this.idle.get(journey);
        if (waiting?.length) {
            return waiting.pop();
        }
        const created = this.created.get(journey) ?? 0;
        if (created >= (this.caps[journey] ?? 0)) {
            return undefined;
        }
        this.created.set(journey, created + 1);
        return new VirtualUser(this.loaded, this.pools, journey, created);
    }

    release(user: VirtualUser): void {
        const waiting = this.idle.get(user.journeyName) ?? [];
        waiting.push(user);
        this.idle.set(user.journeyName, waiting);
    }

    get total(): number {
        return Object.values(this.caps).reduce((sum, n) => sum + n, 0);
    }
}
