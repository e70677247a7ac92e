import type { RunResult } from './run-result';

/** A few lines for the terminal: the numbers a reader looks for first. */
export function formatResult(result: RunResult, label: string): string {
    const { latencyMs: l } = result;
    const instances = Object.entries(result.instances)
        .map(([name, count]) => `${name}=${((count / Math.max(1, result.requests)) * 100).toFixed(0)}%`)
        .join(' ');
    const lines = [
        `${label}: ${result.requestsPerSecond} req/s (${result.requests} requests in ${result.durationS.toFixed(1)} s, ` +
            `offered ≤${result.offeredRequestsPerSecond} req/s over ${result.connections} connections)`,
        `  latency ms p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}`,
        `  failed ${result.failed}  graphql errors ${result.graphqlErrors}  unmet expectations ${result.unmet}  checks ${(result.checkRate * 100).toFixed(2)}%`,
        `  instances ${instances || '(no X-Vendure-Instance header)'}`,
    ];
    for (const [key, step] of Object.entries(result.steps)) {
        lines.push(`    ${key.padEnd(34)} n=${String(step.requests).padEnd(6)} p50 ${step.latencyMs.p50}  p95 ${step.latencyMs.p95}  errors ${step.failed + step.graphqlErrors + step.unmet}`);
    }
    for (const problem of result.sampleProblems) {
        lines.push(`  ! ${problem}`);
    }
    return lines.join('\n');
}
