import { existsSync, readFileSync } from 'node:fs';

import { runCommand } from '../orchestrate/run-command';

/** A container's cumulative CPU counters: what it used since it started, and its CFS throttling. */
export interface CpuCounters {
    usageNs: number;
    /** CFS periods with a quota (a `cpus` cap), and those in which the cap stopped it. */
    periods: number;
    throttled: number;
}

const field = (text: string, name: string) => Number(new RegExp(`^${name}\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);

/** cgroup v2 `cpu.stat`: usage_usec, nr_periods, nr_throttled. */
export function parseCgroupV2(cpuStat: string): CpuCounters {
    return { usageNs: field(cpuStat, 'usage_usec') * 1000, periods: field(cpuStat, 'nr_periods'), throttled: field(cpuStat, 'nr_throttled') };
}

/** cgroup v1: `cpuacct.usage` (ns) and the cpu controller's `cpu.stat` (nr_periods, nr_throttled). */
export function parseCgroupV1(cpuacctUsage: string, cpuStat = ''): CpuCounters {
    return { usageNs: Number(cpuacctUsage.trim().split('\n')[0]) || 0, periods: field(cpuStat, 'nr_periods'), throttled: field(cpuStat, 'nr_throttled') };
}

/** What `cat` of either version's files printed inside a container (see IN_CONTAINER). */
export function parseCgroupDump(text: string): CpuCounters {
    if (/^usage_usec\s/m.test(text)) {
        return parseCgroupV2(text);
    }
    const [usage, ...rest] = text.trim().split('\n');
    return parseCgroupV1(usage, rest.join('\n'));
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/**
 * The counters from the host's cgroup filesystem, where Docker keeps one cgroup per container:
 * v1 with the cgroupfs driver (docker/<id>) or systemd (system.slice/docker-<id>.scope), v2 the same.
 */
export function readHostCounters(containerId: string, root = '/sys/fs/cgroup'): CpuCounters | undefined {
    for (const group of [`docker/${containerId}`, `system.slice/docker-${containerId}.scope`]) {
        const v2 = read(`${root}/${group}/cpu.stat`);
        if (v2 && /^usage_usec\s/m.test(v2)) {
            return parseCgroupV2(v2);
        }
        for (const [cpuacct, cpu] of [['cpuacct', 'cpu'], ['cpu,cpuacct', 'cpu,cpuacct']]) {
            const usage = read(`${root}/${cpuacct}/${group}/cpuacct.usage`);
            if (usage !== undefined) {
                return parseCgroupV1(usage, read(`${root}/${cpu}/${group}/cpu.stat`));
            }
        }
    }
    return undefined;
}

// Inside a container its own cgroup is the root of /sys/fs/cgroup (v2, or v1 with private namespaces).
const IN_CONTAINER = 'cat /sys/fs/cgroup/cpu.stat 2>/dev/null || { cat /sys/fs/cgroup/cpuacct/cpuacct.usage; cat /sys/fs/cgroup/cpu/cpu.stat; }';

/** The counters of one container: from the host's cgroup files, else read inside it with `docker exec`. */
export async function readCounters(containerId: string): Promise<CpuCounters> {
    const onHost = readHostCounters(containerId);
    if (onHost) {
        return onHost;
    }
    const { stdout } = await runCommand('docker', ['exec', containerId, 'sh', '-c', IN_CONTAINER], { timeoutMs: 15_000 });
    return parseCgroupDump(stdout);
}

/** The host's CPU time, busy and in total, in clock ticks, from /proc/stat: everything on the box. */
export function readHostTicks(stat = read('/proc/stat')): { busy: number; total: number } | undefined {
    const line = stat?.split('\n').find(l => l.startsWith('cpu '));
    if (!line) {
        return undefined;
    }
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
    // idle and iowait are the time the CPUs had nothing to run.
    return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}
