import type { RunResult } from '../driver/run-result';

/** Two runs side by side, with the relative cost of the second against the first. */
export function compareRuns(labels: [string, string], [a, b]: [RunResult, RunResult]): string {
    const delta = (x: number, y: number) => (x ? `${y >= x ? '+' : ''}${(((y - x) / x) * 100).toFixed(1)}%` : 'n/a');
    const errors = (r: RunResult) => r.failed + r.graphqlErrors + r.unmet;
    return [
        `| | ${labels[0]} | ${labels[1]} | change |`,
        '| --- | ---: | ---: | ---: |',
        `| req/s | ${a.requestsPerSecond} | ${b.requestsPerSecond} | ${delta(a.requestsPerSecond, b.requestsPerSecond)} |`,
        `| p50 ms | ${a.latencyMs.p50} | ${b.latencyMs.p50} | ${delta(a.latencyMs.p50, b.latencyMs.p50)} |`,
        `| p95 ms | ${a.latencyMs.p95} | ${b.latencyMs.p95} | ${delta(a.latencyMs.p95, b.latencyMs.p95)} |`,
        `| p99 ms | ${a.latencyMs.p99} | ${b.latencyMs.p99} | ${delta(a.latencyMs.p99, b.latencyMs.p99)} |`,
        `| errors | ${errors(a)} | ${errors(b)} | |`,
    ].join('\n');
}
