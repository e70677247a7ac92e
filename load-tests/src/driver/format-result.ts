import { errorCount, rateLimitedCount, type RunResult } from './run-result';

/** A few lines for the terminal: the numbers a reader looks for first. */
export function formatResult(result: RunResult, label: string): string {
    const { latencyMs: l } = result;
    const instances = Object.entries(result.instances)
        .map(([name, count]) => `${name}=${((count / Math.max(1, result.requests)) * 100).toFixed(0)}%`)
        .join(' ');
    const limited = Object.entries(result.rateLimited)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ');
    const lines = [
        `${label}: ${result.requestsPerSecond} req/s (${result.requests} requests, ${result.iterations} journeys in ${result.durationS} s; ` +
            `offered ${result.offeredJourneysPerSecond} journeys/s, ≤${result.maxVUs} virtual users, ${result.droppedIterations} dropped)`,
        `  latency ms p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}` +
            (result.signInLatencyMs.max > 0 ? `  (sign-ins apart: p50 ${result.signInLatencyMs.p50}  max ${result.signInLatencyMs.max})` : ''),
        `  errors ${errorCount(result)} (failed ${result.failed}, GraphQL errors ${result.graphqlErrors}, unmet expectations ${result.unmet}), ` +
            `checks ${(result.checkRate * 100).toFixed(2)}%, rate-limited by the stack ${rateLimitedCount(result)}${limited ? ` (${limited})` : ''}`,
        `  instances ${instances || '(no X-Vendure-Instance header: INSTANCE_HEADER is off)'}`,
    ];
    for (const [key, step] of Object.entries(result.steps)) {
        lines.push(
            `    ${key.padEnd(34)} n=${String(step.requests).padEnd(6)} p50 ${step.latencyMs.p50}  p95 ${step.latencyMs.p95}  ` +
                `errors ${step.failed + step.graphqlErrors + step.unmet}${step.rateLimited ? `  rate-limited ${step.rateLimited}` : ''}`,
        );
    }
    for (const problem of result.sampleProblems) {
        lines.push(`  ! ${problem}`);
    }
    return lines.join('\n');
}
