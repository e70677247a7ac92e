import type { LimitKind } from '../graphql/rate-limit';
import type { LatencySummary } from '../stats/latency-histogram';

export interface StepResult {
    requests: number;
    failed: number;
    graphqlErrors: number;
    unmet: number;
    rateLimited: number;
    latencyMs: LatencySummary;
}

/** What one run of the npm-only driver measured (one rate held for a while); reports are built from these. */
export interface RunResult {
    driver: 'node';
    baseUrl: string;
    profile: string;
    journeys: string[];
    /** Offered load: journeys started per second (open model) and the virtual users allowed. */
    offeredJourneysPerSecond: number;
    maxVUs: number;
    durationS: number;
    /** Iterations started, and those dropped because every virtual user of their journey was busy. */
    iterations: number;
    droppedIterations: number;
    requests: number;
    requestsPerSecond: number;
    /** No answer (connection error, timeout) or a status other than 2xx and 429. */
    failed: number;
    /** Answers with status 2xx that carried `errors`. */
    graphqlErrors: number;
    /** Answers whose data did not meet the step's expectations. */
    unmet: number;
    /** 429s by the limit that sent them: the stack's own protection, never counted as errors. */
    rateLimited: Partial<Record<LimitKind, number>>;
    failedRate: number;
    checkRate: number;
    /** Every request but the sessions' sign-ins: what the latency objective judges. */
    latencyMs: LatencySummary;
    /** The sessions' sign-ins (`once` steps): bcrypt is slow by design, so they are timed apart. */
    signInLatencyMs: LatencySummary;
    /** How late iterations started against their schedule: the driver keeping up (or not). */
    startLagMs: LatencySummary;
    /** CPU the driver process used over the run, in ms (user + system). */
    driverCpuMs: number;
    /** X-Vendure-Instance -> answers: how the balancer spread the load (when the servers send it). */
    instances: Record<string, number>;
    /** "journey/step" -> its share of the numbers. */
    steps: Record<string, StepResult>;
    /** A few distinct failure messages, for the log. */
    sampleProblems: string[];
}

/** Errors of the system under test: failed requests, GraphQL errors and unmet expectations; never 429s. */
export function errorCount(result: Pick<RunResult, 'failed' | 'graphqlErrors' | 'unmet'>): number {
    return result.failed + result.graphqlErrors + result.unmet;
}

export function rateLimitedCount(result: Pick<RunResult, 'rateLimited'>): number {
    return Object.values(result.rateLimited).reduce((sum, n) => sum + (n ?? 0), 0);
}
