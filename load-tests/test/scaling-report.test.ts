import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { niceCeiling, scalingChart } from '../src/report/scaling-chart';
import type { ScalingResults } from '../src/report/scaling-results';
import { formatCpu, scalingMarkdown, scalingRows } from '../src/report/scaling-table';

const results = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'scaling-raw.json'), 'utf8')) as ScalingResults;

describe('scaling table', () => {
    it('orders by instances and measures speed-up and efficiency against the smallest step', () => {
        const rows = scalingRows(results.steps);
        expect(rows.map(r => r.instances)).toEqual([1, 2, 4]);
        expect(rows[0].speedUp).toBe(1);
        expect(rows[1].speedUp).toBeCloseTo(300 / 166.7, 5);
        expect(rows[1].efficiency).toBeCloseTo(300 / 166.7 / 2, 5);
        expect(rows[2].efficiency).toBeCloseTo(333.3 / 166.7 / 4, 5);
        expect(rows[2].errorRate).toBeCloseTo(0.002, 6);
    });

    it('averages CPU per service and says how many containers it averaged', () => {
        expect(formatCpu(results.steps[0].cpu)).toBe('server 2× 50% · nginx 12%');
        expect(formatCpu([])).toBe('');
    });

    it('renders one markdown row per step, with the machine and the cap', () => {
        const md = scalingMarkdown(results);
        expect(md).toContain('2 × Test CPU @ 2.0GHz, 23 GiB RAM');
        expect(md).toContain('each server capped at 0.5 CPU');
        expect(md).toContain('| 1 | 166.7 | 150 | 400 | 610 | 0.00% | server 50% · nginx 8% | 1.00× | 100% |');
        expect(md).toContain('| 2 | 300.0 | 80 | 210 | 320 | 0.00% | server 2× 50% · nginx 12% | 1.80× | 90% |');
        expect(md).toContain('| 4 | 333.3 | 70 | 190 | 300 | 0.20% | n/a | 2.00× | 50% |');
        expect(md).toContain('![throughput and p95 against instances](scaling.svg)');
    });
});

describe('scaling chart', () => {
    it('rounds axes up to 1, 2, 2.5 or 5 times a power of ten', () => {
        expect(niceCeiling(333.3)).toBe(500);
        expect(niceCeiling(180)).toBe(200);
        expect(niceCeiling(610)).toBe(1000);
        expect(niceCeiling(0)).toBe(1);
    });

    it('draws a bar per step and a p95 line through every step, in instance order', () => {
        const svg = scalingChart(results.steps);
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(svg.trim().endsWith('</svg>')).toBe(true);
        expect(svg.match(/<rect class="rps"/g)).toHaveLength(3);
        const points = /<polyline class="p95" points="([^"]+)"/.exec(svg)?.[1].split(' ') ?? [];
        expect(points).toHaveLength(3);
        // x grows with the instance count; the p95 of 400 ms (N=1) sits on the 500 ms axis at 80%.
        const [first, second] = points.map(p => p.split(',').map(Number));
        expect(first[0]).toBeLessThan(second[0]);
        expect(first[1]).toBeCloseTo(40 + 270 - 0.8 * 270, 5);
    });

    it('escapes its title', () => {
        expect(scalingChart(results.steps, 'a < b & c')).toContain('a &lt; b &amp; c');
    });
});
