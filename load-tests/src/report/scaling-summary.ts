import type { Bound } from '../measure/bound';
import { mode, spread, type Spread } from '../stats/spread';
import type { ScalingResults, ScalingRun } from './scaling-results';

export const COST_KINDS = ['server', 'postgres', 'nginx', 'redis', 'worker', 'driver'] as const;

export interface ScalingRow {
    instances: number;
    /** Requests/s at the capacity (the highest step within the SLO), over the rounds. */
    capacityRps: Spread;
    capacityJourneys: Spread;
    p95AtCapacity: Spread;
    /** Median CPU ms per request at the capacity step, per kind of container. */
    cpuMsPerRequest: Partial<Record<(typeof COST_KINDS)[number], number>>;
    /** What bounded most rounds, and how many of them it bounded. */
    bound: Bound | 'ceiling' | undefined;
    boundRounds: number;
    /** False when anything but the servers bounded the step: it does not measure what scaling adds. */
    serverBound: boolean;
    /** Median capacity over the median capacity of the smallest instance count; none when either has no capacity. */
    speedUp?: number;
    /** Speed-up over the growth in instances (1 = every added instance adds as much as the first). */
    efficiency?: number;
    /** Rounds without a capacity (even the lowest step broke, or a limit answered). */
    failedRounds: number;
}

const median = (values: number[]) => spread(values).median;

function row(instances: number, runs: ScalingRun[]): Omit<ScalingRow, 'speedUp' | 'efficiency'> {
    const found = runs.filter(run => run.capacity);
    const capacities = found.map(run => run.capacity!);
    const cost: ScalingRow['cpuMsPerRequest'] = {};
    for (const kind of COST_KINDS) {
        const values = capacities.map(step => step.cpuMsPerRequest?.[kind]).filter((v): v is number => v !== undefined);
        if (values.length) cost[kind] = Math.round(median(values) * 10) / 10;
    }
    const bound = mode(runs.map(run => run.bound));
    return {
        instances,
        capacityRps: spread(capacities.map(step => step.requestsPerSecond)),
        capacityJourneys: spread(capacities.map(step => step.journeysPerSecond)),
        p95AtCapacity: spread(capacities.map(step => step.latencyMs.p95)),
        cpuMsPerRequest: cost,
        bound,
        boundRounds: runs.filter(run => run.bound === bound).length,
        serverBound: bound === 'servers',
        failedRounds: runs.length - found.length,
    };
}

/** One row per instance count: the median of its rounds, with min–max, and speed-up on the medians. */
export function scalingRows(results: Pick<ScalingResults, 'runs'>): ScalingRow[] {
    const counts = [...new Set(results.runs.map(run => run.instances))].sort((a, b) => a - b);
    const rows = counts.map(n => row(n, results.runs.filter(run => run.instances === n)));
    const base = rows.find(r => r.capacityRps.n > 0);
    return rows.map(r => {
        if (!base || base.capacityRps.median <= 0 || r.capacityRps.n === 0) return r;
        const speedUp = r.capacityRps.median / base.capacityRps.median;
        return { ...r, speedUp, efficiency: speedUp / (r.instances / base.instances) };
    });
}
