import type { RunResult } from '../driver/run-result';

/** One container's CPU, from `docker stats --no-stream` at the end of a measured run. */
export interface ContainerCpu {
    container: string;
    /** The compose service (server, nginx, postgres, ...). */
    service: string;
    /** Percent of one core, as docker stats reports it (200% = two cores busy). */
    cpuPercent: number;
    memoryMiB?: number;
}

export interface ScalingStep {
    instances: number;
    result: Pick<RunResult, 'requests' | 'requestsPerSecond' | 'latencyMs' | 'failed' | 'graphqlErrors' | 'unmet' | 'checkRate' | 'instances' | 'durationS'>;
    cpu: ContainerCpu[];
}

/** raw.json of a scaling run: everything scaling.md and scaling.svg are drawn from. */
export interface ScalingResults {
    startedAt: string;
    machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string };
    baseUrl: string;
    profile: string;
    durationS: number;
    connections: number;
    /** CPU cap per server container (SERVER_CPUS), if any. */
    serverCpus?: string;
    steps: ScalingStep[];
}
