import type { CapacityOutcome } from '../capacity/capacity-search';

/** Two capacity searches side by side, with the change of the second against the first. */
export function compareRuns(labels: [string, string], [a, b]: [CapacityOutcome, CapacityOutcome]): string {
    const delta = (x: number | undefined, y: number | undefined) =>
        x && y !== undefined ? `${y >= x ? '+' : ''}${(((y - x) / x) * 100).toFixed(1)}%` : 'n/a';
    const show = (n: number | undefined) => (n === undefined ? 'n/a' : String(n));
    const row = (name: string, pick: (o: CapacityOutcome) => number | undefined) =>
        `| ${name} | ${show(pick(a))} | ${show(pick(b))} | ${delta(pick(a), pick(b))} |`;
    return [
        `| | ${labels[0]} | ${labels[1]} | change |`,
        '| --- | ---: | ---: | ---: |',
        row('capacity req/s', o => o.capacity?.result.requestsPerSecond),
        row('capacity journeys/s', o => o.capacity?.journeysPerSecond),
        row('p50 ms at capacity', o => o.capacity?.result.latencyMs.p50),
        row('p95 ms at capacity', o => o.capacity?.result.latencyMs.p95),
        `| stopped by | ${a.breaking?.verdict.reasons.join('; ') ?? a.stoppedBy} | ${b.breaking?.verdict.reasons.join('; ') ?? b.stoppedBy} | |`,
    ].join('\n');
}
