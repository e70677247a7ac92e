import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseCgroupDump, parseCgroupV1, parseCgroupV2, readHostCounters, readHostTicks } from '../src/measure/cgroup-cpu';
import { detectBound } from '../src/measure/bound';
import { cpuBetween, cpuMsPerRequest, type ContainerCpu, type CpuSample, type StackCpu } from '../src/measure/stack-cpu';
import { LatencyHistogram } from '../src/stats/latency-histogram';
import { mode, spread } from '../src/stats/spread';

describe('median and spread of repeated rounds', () => {
    it('takes the middle value, or the mean of the middle two, and the extremes', () => {
        expect(spread([32.5, 18.3, 30.1])).toEqual({ median: 30.1, min: 18.3, max: 32.5, n: 3 });
        expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
        expect(spread([])).toEqual({ median: 0, min: 0, max: 0, n: 0 });
    });

    it('picks the most frequent bound, the first seen on a tie', () => {
        expect(mode(['box', 'servers', 'box'])).toBe('box');
        expect(mode(['servers', 'box'])).toBe('servers');
        expect(mode([])).toBeUndefined();
    });
});

describe('latency percentiles from an HDR histogram', () => {
    it('reads p50, p95, p99, max and mean to within its 3 significant digits, never above the largest value', () => {
        const histogram = new LatencyHistogram();
        for (let ms = 1; ms <= 100; ms++) histogram.record(ms);
        const summary = histogram.summary();
        expect(summary.p50).toBeCloseTo(50, 0);
        expect(summary.p95).toBeCloseTo(95, 0);
        expect(summary.p99).toBeCloseTo(99, 0);
        expect(summary.max).toBe(100);
        expect(summary.mean).toBeCloseTo(50.5, 0);
        const one = new LatencyHistogram();
        one.record(1122.5);
        expect(one.summary().p50).toBeLessThanOrEqual(one.summary().max);
        expect(new LatencyHistogram().summary()).toEqual({ p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
    });
});

const container = (service: string, cores: number, throttledShare = 0): ContainerCpu => ({ container: `${service}-${cores}`, service, cpuMs: cores * 30_000, cores, throttledShare });
const cpu = (containers: ContainerCpu[], driverCores = 0.2, cores = 2): StackCpu => ({ windowS: 30, cores, containers, driverCpuMs: driverCores * 30_000 });

describe('what bounded a step', () => {
    it('servers, when they run at their CPU cap and the box has room', () => {
        const step = cpu([container('server', 0.24), container('server', 0.23), container('postgres', 0.3), container('nginx', 0.05)]);
        expect(detectBound({ cpu: step, serverCpus: 0.25 }).bound).toBe('servers');
    });

    it('servers, when the cap throttles them however their average looks', () => {
        const step = cpu([container('server', 0.2, 0.4), container('server', 0.2, 0.3), container('postgres', 0.3)]);
        expect(detectBound({ cpu: step, serverCpus: 0.25 }).bound).toBe('servers');
    });

    it('not the servers when a few heavy requests throttle an otherwise idle server: its latency is what the cap bounds', () => {
        // One server at 0.25 CPU using a third of it, throttled in half of the periods.
        const step = cpu([container('server', 0.08, 0.5), container('postgres', 0.1)]);
        expect(detectBound({ cpu: step, serverCpus: 0.25 }).bound).toBe('unclear');
    });

    it('the whole box, when containers and driver use 90% of the cores, even with the servers at their cap', () => {
        // The rerun 2: 4 servers at 23% of a 25% cap, Postgres 59%, plus nginx, Redis and the driver.
        const step = cpu([...[1, 2, 3, 4].map(() => container('server', 0.23)), container('postgres', 0.59), container('nginx', 0.12), container('redis', 0.05)], 0.35);
        const verdict = detectBound({ cpu: step, serverCpus: 0.25 });
        expect(verdict.bound).toBe('box');
        expect(verdict.detail).toBe('servers 4× 23% of a core (92% of their cap, throttled in 0% of periods), postgres 59%, driver 35%, all together 203% of 200%');
    });

    it('the whole box too when the host is busy with something else: the step measured its neighbours', () => {
        const step = { ...cpu([container('server', 0.1), container('postgres', 0.1)]), hostBusyShare: 0.97 };
        const verdict = detectBound({ cpu: step, serverCpus: 0.5 });
        expect(verdict.bound).toBe('box');
        expect(verdict.detail).toMatch(/, host 97% busy$/);
    });

    it('the load driver, when its one thread is busy', () => {
        expect(detectBound({ cpu: cpu([container('server', 0.1), container('postgres', 0.1)], 0.95, 8), serverCpus: 0.5 }).bound).toBe('driver');
    });

    it('Postgres, at its cap while the servers have room', () => {
        expect(detectBound({ cpu: cpu([container('server', 0.3), container('postgres', 0.95)], 0.1, 8), serverCpus: 1, postgresCpus: 1 }).bound).toBe('postgres');
    });

    it('an uncapped server counts one core per process', () => {
        expect(detectBound({ cpu: cpu([container('server', 0.95), container('postgres', 0.2)], 0.1, 8), serverCpus: 0 }).bound).toBe('servers');
        expect(detectBound({ cpu: cpu([container('server', 0.95), container('postgres', 0.2)], 0.1, 8), serverCpus: 0, serverProcesses: 2 }).bound).toBe('unclear');
    });

    it('no CPU limit when nothing is near one: the latency objective broke first', () => {
        expect(detectBound({ cpu: cpu([container('server', 0.1), container('postgres', 0.2)]), serverCpus: 0.5 }).bound).toBe('unclear');
    });
});

describe('CPU from cgroup counters over a window', () => {
    it('reads cgroup v2 cpu.stat and v1 cpuacct.usage with cpu.stat', () => {
        expect(parseCgroupV2('usage_usec 2500\nuser_usec 2000\nsystem_usec 500\nnr_periods 10\nnr_throttled 4\nthrottled_usec 99\n')).toEqual({ usageNs: 2_500_000, periods: 10, throttled: 4 });
        expect(parseCgroupV1('2071290012\n', 'nr_periods 7\nnr_throttled 1\nthrottled_time 5\n')).toEqual({ usageNs: 2_071_290_012, periods: 7, throttled: 1 });
        expect(parseCgroupDump('2071290012\nnr_periods 0\nnr_throttled 0\nthrottled_time 0\n')).toEqual({ usageNs: 2_071_290_012, periods: 0, throttled: 0 });
        expect(parseCgroupDump('usage_usec 10\nnr_periods 2\nnr_throttled 1\n')).toEqual({ usageNs: 10_000, periods: 2, throttled: 1 });
    });

    it("finds a container's counters on the host, v1 (cgroupfs) and v2 (systemd)", () => {
        const root = mkdtempSync(path.join(tmpdir(), 'cgroup-'));
        mkdirSync(path.join(root, 'cpuacct/docker/abc'), { recursive: true });
        mkdirSync(path.join(root, 'cpu/docker/abc'), { recursive: true });
        writeFileSync(path.join(root, 'cpuacct/docker/abc/cpuacct.usage'), '123\n');
        writeFileSync(path.join(root, 'cpu/docker/abc/cpu.stat'), 'nr_periods 3\nnr_throttled 2\n');
        mkdirSync(path.join(root, 'system.slice/docker-def.scope'), { recursive: true });
        writeFileSync(path.join(root, 'system.slice/docker-def.scope/cpu.stat'), 'usage_usec 5\nnr_periods 0\nnr_throttled 0\n');
        expect(readHostCounters('abc', root)).toEqual({ usageNs: 123, periods: 3, throttled: 2 });
        expect(readHostCounters('def', root)).toEqual({ usageNs: 5000, periods: 0, throttled: 0 });
        expect(readHostCounters('none', root)).toBeUndefined();
    });

    it("reads the host's busy share from /proc/stat", () => {
        expect(readHostTicks('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n')).toEqual({ busy: 150, total: 1000 });
    });

    it('turns two samples into cores, throttling and CPU ms per request by kind of container', () => {
        const refs = [
            { id: 's1', name: 'server-1', service: 'server' },
            { id: 's2', name: 'server-2', service: 'server' },
            { id: 'pg', name: 'postgres-1', service: 'postgres' },
        ];
        const sample = (atMs: number, usage: Record<string, number>, driverUs: number): CpuSample => ({
            atMs,
            driverUs,
            containers: new Map(Object.entries(usage).map(([id, s]) => [id, { usageNs: s * 1e9, periods: atMs / 100, throttled: id === 's1' ? atMs / 200 : 0 }])),
            host: { busy: atMs, total: atMs * 2 },
        });
        const stack = cpuBetween(sample(10_000, { s1: 1, s2: 1, pg: 1 }, 0), sample(30_000, { s1: 6, s2: 5, pg: 3 }, 2_000_000), refs, 2);
        expect(stack.windowS).toBe(20);
        expect(stack.containers.map(c => [c.container, c.cores, c.throttledShare])).toEqual([
            ['postgres-1', 0.1, 0],
            ['server-1', 0.25, 0.5],
            ['server-2', 0.2, 0],
        ]);
        expect(stack.driverCpuMs).toBe(2000);
        expect(stack.hostBusyShare).toBe(0.5);
        expect(cpuMsPerRequest(stack, 1000)).toEqual({ postgres: 2, server: 9, driver: 2 });
    });
});
