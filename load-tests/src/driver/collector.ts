import type { Verdict } from '../graphql/judge-response';
import type { LimitKind } from '../graphql/rate-limit';
import { LatencyHistogram } from '../stats/latency-histogram';
import type { RunResult, StepResult } from './run-result';

class Tally {
    requests = 0;
    failed = 0;
    graphqlErrors = 0;
    unmet = 0;
    rateLimited = 0;
    /** Requests that failed a check of the server's answer: status, `errors`, expectations (not a 429). */
    checkFailures = 0;
    readonly latency = new LatencyHistogram();

    count(latencyMs: number, verdict: Verdict, timed = true): void {
        this.requests++;
        if (timed) {
            this.latency.record(latencyMs);
        }
        this.failed += verdict.failed ? 1 : 0;
        this.graphqlErrors += verdict.graphqlErrors ? 1 : 0;
        this.unmet += verdict.unmet.length ? 1 : 0;
        this.rateLimited += verdict.rateLimited ? 1 : 0;
        this.checkFailures += verdict.failed || verdict.graphqlErrors || verdict.unmet.length ? 1 : 0;
    }

    step(): StepResult {
        const { requests, failed, graphqlErrors, unmet, rateLimited } = this;
        return { requests, failed, graphqlErrors, unmet, rateLimited, latencyMs: this.latency.summary() };
    }
}

export type RunBase = Pick<RunResult, 'baseUrl' | 'profile' | 'journeys' | 'offeredJourneysPerSecond' | 'maxVUs'>;

/** Counts what the driver sees during one run; `result()` turns it into a RunResult. */
export class Collector {
    private readonly total = new Tally();
    private readonly perStep = new Map<string, Tally>();
    private readonly instances = new Map<string, number>();
    private readonly limits = new Map<LimitKind, number>();
    private readonly problems = new Set<string>();
    private readonly startLag = new LatencyHistogram();
    /** Session sign-ins (bcrypt, slow by design) apart: they count for errors, not for the latency objective. */
    private readonly signIns = new LatencyHistogram();
    private iterations = 0;
    private dropped = 0;

    /** One answered request of step `key` ("journey/step"); `signIn` for a session's `once` step. */
    answered(key: string, latencyMs: number, verdict: Verdict, instance?: string, signIn = false): void {
        let step = this.perStep.get(key);
        if (!step) {
            step = new Tally();
            this.perStep.set(key, step);
        }
        this.total.count(latencyMs, verdict, !signIn);
        step.count(latencyMs, verdict);
        if (signIn) {
            this.signIns.record(latencyMs);
        }
        if (verdict.rateLimited) {
            this.limits.set(verdict.rateLimited, (this.limits.get(verdict.rateLimited) ?? 0) + 1);
        }
        if (instance) {
            this.instances.set(instance, (this.instances.get(instance) ?? 0) + 1);
        }
        if (verdict.detail) {
            this.problem(`${key}: ${verdict.detail}`);
        }
    }

    /** A request that never got an answer (connection error, timeout): a failed request. */
    unanswered(key: string, latencyMs: number, message: string, signIn = false): void {
        this.answered(key, latencyMs, { failed: true, graphqlErrors: false, unmet: [], detail: message }, undefined, signIn);
    }

    started(lagMs: number): void {
        this.iterations++;
        this.startLag.record(Math.max(0, lagMs));
    }

    /** Not a problem of the answers (none was sent): counted, and judged by the capacity search. */
    droppedIteration(): void {
        this.dropped++;
    }

    private problem(message: string): void {
        if (this.problems.size < 5) {
            this.problems.add(message);
        }
    }

    result(base: RunBase, durationS: number, driverCpuMs: number): RunResult {
        const { total } = this;
        const steps: Record<string, StepResult> = {};
        for (const [key, tally] of [...this.perStep.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            steps[key] = tally.step();
        }
        const counted = total.requests - total.rateLimited;
        return {
            driver: 'node',
            ...base,
            durationS,
            iterations: this.iterations,
            droppedIterations: this.dropped,
            requests: total.requests,
            requestsPerSecond: Math.round((total.requests / durationS) * 10) / 10,
            failed: total.failed,
            graphqlErrors: total.graphqlErrors,
            unmet: total.unmet,
            rateLimited: Object.fromEntries([...this.limits.entries()].sort(([a], [b]) => a.localeCompare(b))),
            // As k6's http_req_failed, but without the 429s, which are counted on their own.
            failedRate: counted > 0 ? total.failed / counted : 0,
            checkRate: counted > 0 ? (counted - total.checkFailures) / counted : 1,
            latencyMs: total.latency.summary(),
            signInLatencyMs: this.signIns.summary(),
            startLagMs: this.startLag.summary(),
            driverCpuMs: Math.round(driverCpuMs),
            instances: Object.fromEntries([...this.instances.entries()].sort(([a], [b]) => a.localeCompare(b))),
            steps,
            sampleProblems: [...this.problems],
        };
    }
}
