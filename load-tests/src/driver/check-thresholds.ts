import type { Thresholds } from '../scenario/types';
import type { RunResult } from './run-result';

/**
 * The profile's thresholds, judged as k6 would, over the answers of the servers: a 429 from the
 * stack's own limits is not one of them (limits/limit-advice.ts reports those). An empty list
 * means the run passed.
 */
export function thresholdFailures(result: RunResult, thresholds: Thresholds): string[] {
    const failures: string[] = [];
    if (thresholds.maxFailedRate !== undefined && result.failedRate > thresholds.maxFailedRate) {
        failures.push(`failed requests ${(result.failedRate * 100).toFixed(2)}% > ${(thresholds.maxFailedRate * 100).toFixed(2)}%`);
    }
    if (thresholds.minCheckRate !== undefined && result.checkRate < thresholds.minCheckRate) {
        failures.push(`checks passed ${(result.checkRate * 100).toFixed(2)}% < ${(thresholds.minCheckRate * 100).toFixed(2)}%`);
    }
    if (thresholds.p95Ms !== undefined && result.latencyMs.p95 > thresholds.p95Ms) {
        failures.push(`p95 ${result.latencyMs.p95} ms > ${thresholds.p95Ms} ms`);
    }
    if (result.requests === 0) {
        failures.push('no request was answered');
    }
    return failures;
}
