import type { LoopOptions, RequestRecord } from '@vendure-scale/e2e-support';

/**
 * Ordinary Shop API traffic from the same host as the attacks: a storefront's product list, four
 * lanes with 100 ms of rest after each answer (about 30 a second), bounded in count and time. Four,
 * not two: a p95 of some 50 probes is their third slowest, which two stray slow answers (a
 * garbage-collection pause, a scheduling hiccup on two cores) can decide. A probe fails on any
 * status but 200, a GraphQL error, an empty catalogue or no answer in 10 s.
 */
export function probeLoopOptions(shopApiUrl: string): LoopOptions {
    return {
        url: shopApiUrl,
        concurrency: 4,
        pauseMs: 100,
        timeoutMs: 10_000,
        maxRequests: 10_000,
        maxDurationMs: 10 * 60_000,
        requests: [
            {
                query: `{ products(options: { take: 10 }) { totalItems items { id name slug } } }`,
                expect: data => data?.products?.totalItems > 0,
            },
        ],
    };
}

/** Probes that started in [from, to). */
export const probesBetween = (probes: readonly RequestRecord[], from: number, to: number) =>
    probes.filter(p => p.startedAt >= from && p.startedAt < to);

/** The nearest-rank percentile `q` (0 to 1) of the probes' times, in ms; NaN for none. */
function percentile(probes: readonly RequestRecord[], q: number): number {
    if (probes.length === 0) {
        return Number.NaN;
    }
    const sorted = probes.map(p => p.endedAt - p.startedAt).sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export const p95 = (probes: readonly RequestRecord[]) => percentile(probes, 0.95);
export const median = (probes: readonly RequestRecord[]) => percentile(probes, 0.5);

export const successRate = (probes: readonly RequestRecord[]) =>
    probes.length === 0 ? Number.NaN : probes.filter(p => p.ok).length / probes.length;
