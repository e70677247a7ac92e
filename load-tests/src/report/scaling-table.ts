import type { ContainerCpu, ScalingResults, ScalingStep } from './scaling-results';

export interface ScalingRow {
    instances: number;
    requestsPerSecond: number;
    p50: number;
    p95: number;
    p99: number;
    /** Requests that failed any check (status, GraphQL errors, expectations), 0..1. */
    errorRate: number;
    cpu: string;
    /** Throughput over the throughput of the smallest N measured. */
    speedUp: number;
    /** Speed-up per added instance over perfect linear scaling, 0..1. */
    efficiency: number;
}

/** "server 2× 95% · nginx 21% · postgres 48%": per service, averaged over its containers. */
export function formatCpu(cpu: readonly ContainerCpu[]): string {
    const byService = new Map<string, number[]>();
    for (const container of cpu) {
        byService.set(container.service, [...(byService.get(container.service) ?? []), container.cpuPercent]);
    }
    return [...byService.entries()]
        .map(([service, values]) => {
            const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
            return `${service} ${values.length > 1 ? `${values.length}× ` : ''}${Math.round(mean)}%`;
        })
        .join(' · ');
}

export function scalingRows(steps: readonly ScalingStep[]): ScalingRow[] {
    const sorted = [...steps].sort((a, b) => a.instances - b.instances);
    const base = sorted[0];
    return sorted.map(step => {
        const { result } = step;
        const speedUp = base && base.result.requestsPerSecond > 0 ? result.requestsPerSecond / base.result.requestsPerSecond : 0;
        return {
            instances: step.instances,
            requestsPerSecond: result.requestsPerSecond,
            p50: result.latencyMs.p50,
            p95: result.latencyMs.p95,
            p99: result.latencyMs.p99,
            errorRate: result.requests ? 1 - result.checkRate : 0,
            cpu: formatCpu(step.cpu),
            speedUp,
            efficiency: base ? speedUp / (step.instances / base.instances) : 0,
        };
    });
}

const percent = (rate: number, digits = 0) => `${(rate * 100).toFixed(digits)}%`;

/** scaling.md: the table a reader compares, with what was measured and on what. */
export function scalingMarkdown(results: ScalingResults): string {
    const rows = scalingRows(results.steps);
    const { machine } = results;
    const lines = [
        '# Scaling: throughput and latency against the number of server instances',
        '',
        `Measured ${results.startedAt} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.os}. ` +
            `Load: the "${results.profile}" mix through ${results.baseUrl}, ${results.connections} connections, ` +
            `${results.durationS} s per step after a warm-up` +
            (results.serverCpus ? `; each server capped at ${results.serverCpus} CPU.` : '.'),
        '',
        '| servers | req/s | p50 ms | p95 ms | p99 ms | errors | CPU per container | speed-up | efficiency |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
        ...rows.map(
            row =>
                `| ${row.instances} | ${row.requestsPerSecond.toFixed(1)} | ${row.p50} | ${row.p95} | ${row.p99} | ` +
                `${percent(row.errorRate, 2)} | ${row.cpu || 'n/a'} | ${row.speedUp.toFixed(2)}× | ${percent(row.efficiency)} |`,
        ),
        '',
        'Speed-up is req/s over the req/s of the smallest step; efficiency is that speed-up divided by the ' +
            'growth in instances (100% = every added instance adds as much as the first). CPU is `docker stats` ' +
            'at the end of each step, in percent of one core.',
        '',
        '![throughput and p95 against instances](scaling.svg)',
        '',
    ];
    return lines.join('\n');
}
