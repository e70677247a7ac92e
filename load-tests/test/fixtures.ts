import type { RunResult } from '../src/driver/run-result';

/** A RunResult with the numbers a test cares about; the rest empty. */
export function runResult(fields: Partial<RunResult> = {}): RunResult {
    return {
        driver: 'node',
        baseUrl: 'http://x',
        profile: 'capacity',
        journeys: ['browse'],
        offeredJourneysPerSecond: 1,
        maxVUs: 10,
        durationS: 10,
        iterations: 10,
        droppedIterations: 0,
        requests: 30,
        requestsPerSecond: 3,
        failed: 0,
        graphqlErrors: 0,
        unmet: 0,
        rateLimited: {},
        failedRate: 0,
        checkRate: 1,
        latencyMs: { p50: 50, p95: 100, p99: 150, max: 200, mean: 60 },
        signInLatencyMs: { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 },
        startLagMs: { p50: 0, p95: 1, p99: 1, max: 2, mean: 0 },
        driverCpuMs: 0,
        instances: {},
        steps: {},
        sampleProblems: [],
        ...fields,
    };
}
