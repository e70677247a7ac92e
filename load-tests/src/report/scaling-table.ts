import { BOUND_LABEL, type Bound } from '../measure/bound';
import type { Spread } from '../stats/spread';
import type { ScalingResults } from './scaling-results';
import { COST_KINDS, scalingRows, type ScalingRow } from './scaling-summary';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** "32.5 (30.1–33.0)": the median of the rounds, and their spread. */
export function formatSpread(s: Spread): string {
    if (s.n === 0) return 'n/a';
    return s.n > 1 && s.min !== s.max ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
}

export function boundLabel(bound: Bound | 'ceiling' | undefined): string {
    if (bound === undefined) return 'n/a';
    return bound === 'ceiling' ? "the ramp's ceiling" : BOUND_LABEL[bound];
}

/** "server 13 · postgres 12 · nginx 0.4 …": CPU ms per request at the capacity step. */
export function formatCost(row: ScalingRow): string {
    return COST_KINDS.filter(kind => row.cpuMsPerRequest[kind] !== undefined)
        .map(kind => `${kind} ${row.cpuMsPerRequest[kind]}`)
        .join(' · ');
}

/** scaling.md: the capacity per instance count, how it spread over the rounds, what bounded it, what it cost. */
export function scalingMarkdown(results: ScalingResults): string {
    const rows = scalingRows(results);
    const { machine } = results;
    const capped = results.serverCpus && results.serverCpus !== '0';
    const lines = [
        '# Capacity against the number of server instances',
        '',
        ...(results.rounds < 3 ? [`> ${results.rounds} round(s) only: not enough to tell the spread from a difference. Quote numbers from 3 rounds or more.`, ''] : []),
        `Measured ${results.startedAt} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.os}. ` +
            `Load: the "${results.profile}" profile (${results.journeys.join(', ')}) through ${results.baseUrl} from the npm-only ` +
            `open-model driver, ${results.stepDurationS} s per step; each instance count measured in ${results.rounds} rounds, ` +
            `interleaved (the order reversed every other round) so that drift over the run hits every count` +
            (capped ? `; each server capped at ${results.serverCpus} CPU.` : '.'),
        '',
        `Capacity: the highest arrival rate whose step held p95 ≤ ${results.sloP95Ms} ms with no error and no dropped iteration ` +
            '(the ramp raises the rate step by step, then bisects between the last step that held and the first that broke). ' +
            'Median of the rounds, min–max in brackets.',
        '',
        '| servers | capacity req/s | journeys/s | p95 ms at capacity | speed-up | efficiency | bounded by | CPU ms per request |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
        ...rows.map(row => {
            const bound = `${row.serverBound ? '' : '⚠ '}${boundLabel(row.bound)} (${row.boundRounds}/${row.capacityRps.n + row.failedRounds})`;
            return (
                `| ${row.instances} | ${formatSpread(row.capacityRps)} | ${formatSpread(row.capacityJourneys)} | ${formatSpread(row.p95AtCapacity)} | ` +
                `${row.speedUp === undefined ? 'n/a' : `${row.speedUp.toFixed(2)}×`} | ${row.efficiency === undefined ? 'n/a' : percent(row.efficiency)} | ` +
                `${bound} | ${formatCost(row) || 'n/a'} |`
            );
        }),
        '',
        'Speed-up is the median capacity over that of the smallest count; efficiency is the speed-up divided by the growth in ' +
            'instances (100% = every added instance adds as much as the first). "Bounded by" is measured on the step that broke: ' +
            'servers at their CPU cap (≥ 90% of it, or throttled by it), Postgres, the load driver (its one thread ≥ 90% busy), ' +
            'the whole box (containers plus driver ≥ 90% of the cores, or the host ≥ 90% busy whatever keeps it busy). ' +
            '⚠ marks a count bounded by anything but the servers: ' +
            'its capacity says more about that bound than about what another server adds. CPU ms per request comes from the ' +
            "containers' cgroup CPU counters over the capacity step, divided by the requests it answered.",
        '',
        '![capacity against server instances](scaling.svg)',
        '',
        '## Every round',
        '',
        '| round | servers | capacity req/s | journeys/s | p95 ms | broke at journeys/s | because | bounded by | CPU on the breaking step |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
        ...results.runs.map(
            run =>
                `| ${run.round} | ${run.instances} | ${run.capacity ? fmt(run.capacity.requestsPerSecond) : 'none'} | ` +
                `${run.capacity?.journeysPerSecond ?? 'n/a'} | ${run.capacity?.latencyMs.p95 ?? 'n/a'} | ${run.breaking?.journeysPerSecond ?? 'n/a'} | ` +
                `${run.breaking?.reasons.join('; ') ?? run.stoppedBy} | ${boundLabel(run.bound)} | ${run.boundDetail} |`,
        ),
        '',
    ];
    return lines.join('\n');
}
