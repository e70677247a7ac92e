import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describeMachine } from '@vendure-scale/e2e-support';

import type { BoundCheck } from './bounds';
import { p95, successRate } from './probe-loop';
import { answerCounts } from './timed-request';
import type { AttackMeasurement } from './under-probes';

export interface ReportRow {
    measurement: AttackMeasurement;
    checks: BoundCheck[];
}

/**
 * Where the suite writes its table, beside the stacks' logs (gitignored): every run writes a new
 * one, and docs/resilience.md quotes a real run of it.
 */
export const REPORT_FILE = path.resolve(__dirname, '../../test-results/hostile-traffic.md');

const round = (value: number) => (Number.isNaN(value) ? '-' : String(Math.round(value)));

function renderRow({ measurement: m, checks }: ReportRow): string {
    const counts = Object.entries(answerCounts(m.answers))
        .sort(([, a], [, b]) => b - a)
        .map(([answer, n]) => `${answer} ×${n}`)
        .join(', ');
    const slowest = m.answers.length ? Math.max(...m.answers.map(a => a.ms)) : Number.NaN;
    const success = successRate(m.probesDuring);
    const failed = checks.filter(c => !c.ok).map(c => c.bound);
    return [
        m.attack,
        String(m.answers.length),
        counts,
        round(slowest),
        String(m.restarts),
        Number.isNaN(success) ? '-' : `${(success * 100).toFixed(1)} (${m.probesDuring.length})`,
        `${round(p95(m.probesBefore))} → ${round(p95(m.probesDuring))}`,
        String(m.limiterKeys),
        failed.length ? failed.join('; ') : 'all met',
    ].join(' | ');
}

export function renderReport(rows: readonly ReportRow[]): string {
    return [
        '| attack | requests | answered (status outcome ×count) | slowest answer ms | server restarts | probe success % (probes) | probe p95 ms before → during | limiter keys after | bounds not met |',
        '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
        ...rows.map(r => `| ${renderRow(r)} |`),
    ].join('\n');
}

/** Writes the table with when and where it was measured; returns the file. */
export async function writeReport(rows: readonly ReportRow[], suiteSeconds: number): Promise<string> {
    mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
    const machine = await describeMachine();
    const text = [
        `# Hostile traffic: ${new Date().toISOString()}`,
        '',
        `Machine: ${machine}. Suite time: ${Math.round(suiteSeconds)} s.`,
        '',
        renderReport(rows),
        '',
        ...rows.flatMap(r => r.checks.filter(c => !c.ok).map(c => `- ${r.measurement.attack}: ${c.bound}: ${c.detail}`)),
        '',
    ].join('\n');
    writeFileSync(REPORT_FILE, text);
    return REPORT_FILE;
}
