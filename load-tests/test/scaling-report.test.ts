import { describe, expect, it } from 'vitest';

import type { Bound } from '../src/measure/bound';
import { niceCeiling, scalingChart } from '../src/report/scaling-chart';
import type { ScalingResults, ScalingRun, ScalingStepRecord } from '../src/report/scaling-results';
import { scalingRows } from '../src/report/scaling-summary';
import { formatSpread, scalingMarkdown } from '../src/report/scaling-table';

const step = (requestsPerSecond: number, p95: number, cost: Record<string, number>): ScalingStepRecord => ({
    journeysPerSecond: Math.round((requestsPerSecond / 2.5) * 100) / 100,
    passed: true,
    reasons: [],
    requests: requestsPerSecond * 20,
    requestsPerSecond,
    latencyMs: { p50: p95 / 2, p95, p99: p95 * 1.5, max: p95 * 2, mean: p95 / 2 },
    errors: 0,
    dropped: 0,
    rateLimited: 0,
    cpuMsPerRequest: cost,
});

const run = (round: number, instances: number, rps: number, bound: Bound | 'ceiling', server = 13): ScalingRun => ({
    round,
    instances,
    instancesSeen: instances,
    stoppedBy: bound === 'ceiling' ? 'ceiling' : 'slo',
    ceilingReason: 'the test',
    capacity: step(rps, 400, { server, postgres: 12, nginx: 0.4, redis: 0.3, worker: 0.1, driver: 0.9 }),
    breaking: bound === 'ceiling' ? undefined : { ...step(rps * 1.1, 800, {}), passed: false, reasons: ['p95 800 ms > 500 ms'] },
    steps: [],
    bound,
    boundDetail: `detail ${round}/${instances}`,
});

const results: ScalingResults = {
    startedAt: '2026-11-27T09:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'Test CPU @ 2.0GHz', memoryGiB: 23, os: 'Linux 6.1' },
    baseUrl: 'http://127.0.0.1:8080',
    profile: 'capacity',
    journeys: ['browse', 'search', 'cart-anonymous', 'cart-customer', 'admin'],
    sloP95Ms: 500,
    stepDurationS: 20,
    rounds: 3,
    instances: [1, 2, 4],
    serverCpus: '0.25',
    stackOverrides: { SERVER_CPUS: '0.25' },
    // Interleaved as the benchmark runs them: 1,2,4 then 4,2,1 then 1,2,4.
    runs: [
        run(1, 1, 9, 'servers', 12),
        run(1, 2, 18, 'servers'),
        run(1, 4, 30, 'box'),
        run(2, 4, 33, 'box'),
        run(2, 2, 17, 'servers'),
        run(2, 1, 10, 'servers', 14),
        run(3, 1, 9.5, 'servers', 13),
        run(3, 2, 19, 'servers'),
        run(3, 4, 32, 'servers'),
    ],
};

describe('scaling rows', () => {
    it('report the median capacity of the rounds with min–max, and speed-up on the medians', () => {
        const rows = scalingRows(results);
        expect(rows.map(r => r.instances)).toEqual([1, 2, 4]);
        expect(rows[0].capacityRps).toEqual({ median: 9.5, min: 9, max: 10, n: 3 });
        expect(rows[2].capacityRps).toEqual({ median: 32, min: 30, max: 33, n: 3 });
        expect(rows[1].speedUp).toBeCloseTo(18 / 9.5, 9);
        expect(rows[2].efficiency).toBeCloseTo(32 / 9.5 / 4, 9);
        expect(rows[0].cpuMsPerRequest).toEqual({ server: 13, postgres: 12, nginx: 0.4, redis: 0.3, worker: 0.1, driver: 0.9 });
    });

    it('name the bound most rounds had, and flag a count not bounded by the servers', () => {
        const rows = scalingRows(results);
        expect(rows.map(r => [r.bound, r.boundRounds, r.serverBound])).toEqual([
            ['servers', 3, true],
            ['servers', 3, true],
            ['box', 2, false],
        ]);
    });

    it('format a spread as median (min–max)', () => {
        expect(formatSpread({ median: 32, min: 30, max: 33, n: 3 })).toBe('32 (30–33)');
        expect(formatSpread({ median: 9.5, min: 9.5, max: 9.5, n: 1 })).toBe('9.5');
        expect(formatSpread({ median: 0, min: 0, max: 0, n: 0 })).toBe('n/a');
    });
});

describe('scaling.md', () => {
    const md = scalingMarkdown(results);

    it('says what was measured, on what, how often, and the SLO', () => {
        expect(md).toContain('2 × Test CPU @ 2.0GHz, 23 GiB RAM');
        expect(md).toContain('measured in 3 rounds, interleaved');
        expect(md).toContain('each server capped at 0.25 CPU');
        expect(md).toContain('held p95 ≤ 500 ms with no error');
    });

    it('warns when fewer than 3 rounds were run', () => {
        expect(md).not.toContain('not enough to tell the spread');
        expect(scalingMarkdown({ ...results, rounds: 1 })).toContain('1 round(s) only: not enough to tell the spread from a difference');
    });

    it('has one row per count with the spread, the bound (⚠ when not the servers) and the CPU per request', () => {
        expect(md).toContain('| 1 | 9.5 (9–10) | 3.8 (3.6–4) | 400 | 1.00× | 100% | servers at their CPU cap (3/3) | server 13 · postgres 12 · nginx 0.4 · redis 0.3 · worker 0.1 · driver 0.9 |');
        expect(md).toContain('| 4 | 32 (30–33) | 12.8 (12–13.2) | 400 | 3.37× | 84% | ⚠ the whole box (2/3) |');
    });

    it('gives no speed-up where no step held (n/a, not 0×)', () => {
        const none = (instances: number): ScalingRun => ({ ...run(1, instances, 1, 'unclear'), capacity: undefined });
        const table = scalingMarkdown({ ...results, rounds: 1, instances: [1, 4], runs: [none(1), none(4)] });
        expect(table).toContain('| 1 | n/a | n/a | n/a | n/a | n/a | ⚠ no CPU limit (latency) (1/1) | n/a |');
        const [, four] = scalingRows({ runs: [run(1, 1, 10, 'servers'), none(4)] });
        expect([four.speedUp, four.efficiency]).toEqual([undefined, undefined]);
    });

    it('lists every round, with what broke it and the CPU behind the bound', () => {
        expect(md).toContain('| 2 | 4 | 33 | 13.2 | 400 | 14.52 | p95 800 ms > 500 ms | the whole box | detail 2/4 |');
        expect(md).toContain('![capacity against server instances](scaling.svg)');
    });
});

describe('scaling.svg', () => {
    const svg = scalingChart(results);

    it('rounds axes up to 1, 2, 2.5 or 5 times a power of ten', () => {
        expect(niceCeiling(333.3)).toBe(500);
        expect(niceCeiling(180)).toBe(200);
        expect(niceCeiling(0)).toBe(1);
    });

    it('draws the capacity line through the medians, a min–max bar per count and the line of perfect scaling', () => {
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(svg.trim().endsWith('</svg>')).toBe(true);
        const points = /<polyline class="capacity" points="([^"]+)"/.exec(svg)?.[1].split(' ') ?? [];
        expect(points).toHaveLength(3);
        const ys = points.map(p => Number(p.split(',')[1]));
        expect(ys[0]).toBeGreaterThan(ys[2]);
        expect(svg.match(/<line class="spread"/g)).toHaveLength(3);
        expect(svg).toContain('<polyline class="ideal"');
    });

    it('marks a count bounded by anything but the servers, and names the bound', () => {
        expect(svg.match(/class="median not-server-bound"/g)).toHaveLength(1);
        expect(svg).toContain('⚠ the whole box');
        expect(scalingChart(results, 'a < b & c')).toContain('a &lt; b &amp; c');
    });
});
