import type { LatencySummary } from '../stats/percentiles';

export interface StepResult {
    requests: number;
    failed: number;
    graphqlErrors: number;
    unmet: number;
    latencyMs: LatencySummary;
}

/** What one run of the autocannon driver measured; raw.json and the report are built from these. */
export interface RunResult {
    driver: 'autocannon';
    baseUrl: string;
    profile: string;
    journeys: string[];
    /** Offered load: requests/s autocannon was allowed, and connections (journeys in flight). */
    offeredRequestsPerSecond: number;
    connections: number;
    durationS: number;
    requests: number;
    requestsPerSecond: number;
    /** Transport errors, timeouts and non-2xx answers. */
    failed: number;
    /** Answers with status 2xx that carried `errors`. */
    graphqlErrors: number;
    /** Answers whose data did not meet the step's expectations. */
    unmet: number;
    failedRate: number;
    checkRate: number;
    latencyMs: LatencySummary;
    /** X-Vendure-Instance -> answers: how the balancer spread the load. */
    instances: Record<string, number>;
    /** "journey/step" -> its share of the numbers. */
    steps: Record<string, StepResult>;
    /** A few distinct failure messages, for the log. */
    sampleProblems: string[];
}
