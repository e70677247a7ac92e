import type { Verdict } from '../graphql/judge-response';
import { summarizeLatencies } from '../stats/percentiles';
import type { RunResult, StepResult } from './run-result';

interface Tally {
    requests: number;
    failed: number;
    graphqlErrors: number;
    unmet: number;
    /** Requests that failed any check: status, `errors`, expectations. */
    checkFailures: number;
    latencies: number[];
}

const emptyTally = (): Tally => ({ requests: 0, failed: 0, graphqlErrors: 0, unmet: 0, checkFailures: 0, latencies: [] });

export interface Answer {
    key: string;
    verdict: Verdict;
    instance?: string;
}

/**
 * Counts what the driver sees. autocannon hands over the body (onResponse) and, synchronously
 * right after, the latency ('response'): `answered` keeps the first until `timed` pairs them.
 */
export class Collector {
    private readonly total = emptyTally();
    private readonly perStep = new Map<string, Tally>();
    private readonly instances = new Map<string, number>();
    private readonly problems = new Set<string>();
    private pending: Answer | undefined;
    private transportErrors = 0;

    answered(answer: Answer): void {
        this.pending = answer;
    }

    timed(latencyMs: number, status: number): void {
        const answer = this.pending ?? { key: 'unknown', verdict: { failed: status < 200 || status >= 300, graphqlErrors: false, unmet: [] } };
        this.pending = undefined;
        const step = this.perStep.get(answer.key) ?? emptyTally();
        this.perStep.set(answer.key, step);
        for (const tally of [this.total, step]) {
            tally.requests++;
            tally.latencies.push(latencyMs);
            tally.failed += answer.verdict.failed ? 1 : 0;
            tally.graphqlErrors += answer.verdict.graphqlErrors ? 1 : 0;
            tally.unmet += answer.verdict.unmet.length ? 1 : 0;
            const { failed, graphqlErrors, unmet } = answer.verdict;
            tally.checkFailures += failed || graphqlErrors || unmet.length ? 1 : 0;
        }
        if (answer.instance) {
            this.instances.set(answer.instance, (this.instances.get(answer.instance) ?? 0) + 1);
        }
        if (answer.verdict.detail && this.problems.size < 5) {
            this.problems.add(`${answer.key}: ${answer.verdict.detail}`);
        }
    }

    /** A request that never got an answer (connection error, timeout). */
    transportError(message: string): void {
        this.transportErrors++;
        if (this.problems.size < 5) {
            this.problems.add(message);
        }
    }

    result(base: Pick<RunResult, 'baseUrl' | 'profile' | 'journeys' | 'offeredRequestsPerSecond' | 'connections'>, durationS: number): RunResult {
        const { total } = this;
        const failed = total.failed + this.transportErrors;
        const attempts = total.requests + this.transportErrors;
        const checksPassed = total.requests - total.checkFailures;
        const steps: Record<string, StepResult> = {};
        for (const [key, tally] of [...this.perStep.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            const { latencies, requests, failed: stepFailed, graphqlErrors, unmet } = tally;
            steps[key] = { requests, failed: stepFailed, graphqlErrors, unmet, latencyMs: summarizeLatencies(latencies) };
        }
        return {
            driver: 'autocannon',
            ...base,
            durationS,
            requests: total.requests,
            requestsPerSecond: Math.round((total.requests / durationS) * 10) / 10,
            failed,
            graphqlErrors: total.graphqlErrors,
            unmet: total.unmet,
            failedRate: attempts ? failed / attempts : 0,
            checkRate: attempts ? checksPassed / attempts : 1,
            latencyMs: summarizeLatencies(total.latencies),
            instances: Object.fromEntries([...this.instances.entries()].sort(([a], [b]) => a.localeCompare(b))),
            steps,
            sampleProblems: [...this.problems],
        };
    }
}
