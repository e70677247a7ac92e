export interface LatencySummary {
    p50: number;
    p95: number;
    p99: number;
    max: number;
    mean: number;
}

/** Nearest-rank percentile of ascending values (k6 interpolates; at thousands of samples they agree). */
export function percentile(sorted: readonly number[], p: number): number {
    if (!sorted.length) {
        return 0;
    }
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
    const sorted = [...samples].sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1] ?? 0),
        mean: round(sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1)),
    };
}
