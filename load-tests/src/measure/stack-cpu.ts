import os from 'node:os';

import { readCounters, readHostTicks, type CpuCounters } from './cgroup-cpu';

export interface ContainerRef {
    id: string;
    name: string;
    /** The compose service: server, postgres, nginx, redis, worker, … */
    service: string;
}

export interface CpuSample {
    atMs: number;
    containers: Map<string, CpuCounters>;
    /** This process (the npm-only driver), user + system, µs. */
    driverUs: number;
    host?: { busy: number; total: number };
}

export interface ContainerCpu {
    container: string;
    service: string;
    cpuMs: number;
    /** Cores it used on average over the window (1 = one core busy). */
    cores: number;
    /** Share of its CFS periods in which its `cpus` cap stopped it (0 without a cap). */
    throttledShare: number;
}

/** CPU over one measured window, from counters read at its start and end (not a snapshot). */
export interface StackCpu {
    windowS: number;
    cores: number;
    containers: ContainerCpu[];
    driverCpuMs: number;
    /** Share of the host's CPU time that was busy, everything on it counted (other load too). */
    hostBusyShare?: number;
}

export async function sampleCpu(containers: readonly ContainerRef[]): Promise<CpuSample> {
    const counters = await Promise.all(containers.map(async c => [c.id, await readCounters(c.id)] as const));
    const usage = process.cpuUsage();
    return { atMs: performance.now(), containers: new Map(counters), driverUs: usage.user + usage.system, host: readHostTicks() };
}

export function cpuBetween(before: CpuSample, after: CpuSample, containers: readonly ContainerRef[], cores = os.cpus().length): StackCpu {
    const windowS = Math.max(0.001, (after.atMs - before.atMs) / 1000);
    const used: ContainerCpu[] = [];
    for (const container of containers) {
        const a = before.containers.get(container.id);
        const b = after.containers.get(container.id);
        if (!a || !b) continue;
        const cpuMs = Math.max(0, b.usageNs - a.usageNs) / 1e6;
        const periods = b.periods - a.periods;
        used.push({
            container: container.name,
            service: container.service,
            cpuMs: Math.round(cpuMs),
            cores: Math.round((cpuMs / 1000 / windowS) * 1000) / 1000,
            throttledShare: periods > 0 ? Math.round(((b.throttled - a.throttled) / periods) * 1000) / 1000 : 0,
        });
    }
    const host = before.host && after.host && after.host.total > before.host.total
        ? (after.host.busy - before.host.busy) / (after.host.total - before.host.total)
        : undefined;
    return {
        windowS: Math.round(windowS * 10) / 10,
        cores,
        containers: used.sort((x, y) => x.service.localeCompare(y.service) || x.container.localeCompare(y.container)),
        driverCpuMs: Math.round((after.driverUs - before.driverUs) / 1000),
        hostBusyShare: host === undefined ? undefined : Math.round(host * 1000) / 1000,
    };
}

/** CPU milliseconds per request of each kind of container (server, postgres, …) over the window. */
export function cpuMsPerRequest(cpu: StackCpu, requests: number): Record<string, number> {
    const perService: Record<string, number> = {};
    for (const container of cpu.containers) {
        perService[container.service] = (perService[container.service] ?? 0) + container.cpuMs;
    }
    perService.driver = cpu.driverCpuMs;
    return Object.fromEntries(Object.entries(perService).map(([service, ms]) => [service, requests > 0 ? Math.round((ms / requests) * 100) / 100 : 0]));
}
