import { existsSync, readFileSync } from 'node:fs';

import { LIMIT_KINDS, type LimitKind } from '../graphql/rate-limit';

interface K6Summary {
    metrics?: Record<string, { values?: { count?: unknown } }>;
}

/**
 * The 429s of a k6 run per limit, from the summary k6/lib/summary.js writes: its thresholds on
 * `rate_limited{limit:…}` are what put those sub-metrics into the summary. {} when there is none.
 */
export function k6RateLimits(summary: K6Summary | undefined): Partial<Record<LimitKind, number>> {
    const counts: Partial<Record<LimitKind, number>> = {};
    for (const kind of LIMIT_KINDS) {
        const count = summary?.metrics?.[`rate_limited{limit:${kind}}`]?.values?.count;
        if (typeof count === 'number' && count > 0) {
            counts[kind] = count;
        }
    }
    return counts;
}

/** k6RateLimits of the summary file, if k6 wrote one. */
export function k6RateLimitsOf(file: string): Partial<Record<LimitKind, number>> {
    return existsSync(file) ? k6RateLimits(JSON.parse(readFileSync(file, 'utf8')) as K6Summary) : {};
}
