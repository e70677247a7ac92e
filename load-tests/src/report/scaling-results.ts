import type { Bound, BoundVerdict } from '../measure/bound';
import type { StackCpu } from '../measure/stack-cpu';
import type { LatencySummary } from '../stats/latency-histogram';

/** One step of a capacity search (one arrival rate held for a while), with the stack's CPU over it. */
export interface ScalingStepRecord {
    journeysPerSecond: number;
    passed: boolean;
    reasons: string[];
    requests: number;
    requestsPerSecond: number;
    latencyMs: LatencySummary;
    errors: number;
    dropped: number;
    rateLimited: number;
    cpu?: StackCpu;
    /** CPU ms per request by kind of container (server, postgres, nginx, redis, worker) and the driver. */
    cpuMsPerRequest?: Record<string, number>;
    bound?: BoundVerdict;
}

/** One capacity search: one instance count in one round. */
export interface ScalingRun {
    round: number;
    instances: number;
    /** Distinct X-Vendure-Instance values that answered before the search. */
    instancesSeen: number;
    stoppedBy: 'slo' | 'ceiling' | 'rate-limited';
    ceilingReason: string;
    capacity?: ScalingStepRecord;
    breaking?: ScalingStepRecord;
    steps: ScalingStepRecord[];
    /** What bounded the capacity: measured on the step that broke; `ceiling` when none broke. */
    bound: Bound | 'ceiling';
    boundDetail: string;
}

/** raw.json of a scaling run: everything scaling.md and scaling.svg are drawn from. */
export interface ScalingResults {
    startedAt: string;
    machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string };
    baseUrl: string;
    profile: string;
    journeys: string[];
    sloP95Ms: number;
    stepDurationS: number;
    rounds: number;
    instances: number[];
    /** CPU cap per server container (SERVER_CPUS); "0" = none. */
    serverCpus: string;
    /** What the benchmark set on the stack for its run (nginx's per-address limits raised, …). */
    stackOverrides: Record<string, string>;
    runs: ScalingRun[];
}
