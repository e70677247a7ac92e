import type { StackCpu } from './stack-cpu';

/**
 * What stopped a step from going faster:
 * - servers: the server containers at their CPU cap (the thing scaling adds more of);
 * - postgres: Postgres at its CPU cap (or using the whole box on its own);
 * - driver: the load driver's one thread busy;
 * - box: all containers plus the driver using ≥ 90% of the host's cores (or the host ≥ 90% busy
 *   whoever keeps it busy: then the numbers measure the neighbours too);
 * - unclear: no CPU at its limit; the latency objective broke first (locks, I/O, queues).
 */
export type Bound = 'servers' | 'postgres' | 'driver' | 'box' | 'unclear';

/** Busy enough to count as at its limit. */
export const SATURATED = 0.9;
/**
 * A capped container stopped by its cap in this share of CFS periods is at the cap although its
 * average is under it (bursts hit the cap within a 100 ms period) — but only if it is also this
 * busy: a mostly idle server is throttled by a few heavy requests, and then its latency, not its
 * throughput, is what the cap bounds.
 */
export const THROTTLED = 0.25;
export const BUSY_WHEN_THROTTLED = 0.6;

export interface BoundInput {
    cpu: StackCpu;
    /** The `cpus` cap of each server container; 0 = none (a Node process then has one core). */
    serverCpus: number;
    /** Node processes per server container (SERVER_PROCESSES). */
    serverProcesses?: number;
    /** Postgres' `cpus` cap, if the stack sets one. */
    postgresCpus?: number;
}

export interface BoundVerdict {
    bound: Bound;
    /** The numbers behind it, for the report. */
    detail: string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Which resource bounded a step, from the CPU each container and the driver used over it. */
export function detectBound(input: BoundInput): BoundVerdict {
    const { cpu } = input;
    const servers = cpu.containers.filter(c => c.service === 'server');
    const postgres = cpu.containers.filter(c => c.service === 'postgres').reduce((sum, c) => sum + c.cores, 0);
    const driver = cpu.driverCpuMs / 1000 / cpu.windowS;
    const total = cpu.containers.reduce((sum, c) => sum + c.cores, 0) + driver;
    const serverCap = input.serverCpus > 0 ? input.serverCpus : Math.min(input.serverProcesses ?? 1, cpu.cores);
    const serverMean = servers.length ? servers.reduce((sum, c) => sum + c.cores, 0) / servers.length : 0;
    const serverThrottled = servers.length ? servers.reduce((sum, c) => sum + c.throttledShare, 0) / servers.length : 0;
    const postgresCap = input.postgresCpus && input.postgresCpus > 0 ? input.postgresCpus : cpu.cores;
    const detail =
        `servers ${servers.length}× ${percent(serverMean)} of a core (${percent(serverMean / serverCap)} of their cap` +
        `${input.serverCpus > 0 ? `, throttled in ${percent(serverThrottled)} of periods` : ''}), postgres ${percent(postgres)}, ` +
        `driver ${percent(driver)}, all together ${percent(total)} of ${cpu.cores * 100}%` +
        (cpu.hostBusyShare === undefined ? '' : `, host ${percent(cpu.hostBusyShare)} busy`);
    if (driver >= SATURATED) {
        return { bound: 'driver', detail };
    }
    if (total >= SATURATED * cpu.cores || (cpu.hostBusyShare ?? 0) >= SATURATED) {
        return { bound: 'box', detail };
    }
    if (servers.length && (serverMean >= SATURATED * serverCap || (input.serverCpus > 0 && serverThrottled >= THROTTLED && serverMean >= BUSY_WHEN_THROTTLED * serverCap))) {
        return { bound: 'servers', detail };
    }
    if (postgres >= SATURATED * postgresCap) {
        return { bound: 'postgres', detail };
    }
    return { bound: 'unclear', detail };
}

/** How the report names a bound; every bound but the servers marks a step as not measuring scaling. */
export const BOUND_LABEL: Record<Bound, string> = {
    servers: 'servers at their CPU cap',
    postgres: 'Postgres',
    driver: 'the load driver',
    box: 'the whole box',
    unclear: 'no CPU limit (latency)',
};
