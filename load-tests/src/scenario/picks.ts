import type { Journey, PoolName } from './types';

/** What setup() discovered; each pool holds records whose fields the journeys reference. */
export type Pools = Record<PoolName, Array<Record<string, string>>>;

export type Picked = Record<string, Record<string, string>>;

function recordsOf(pools: Pools, pool: PoolName): Array<Record<string, string>> {
    const records = pools[pool];
    if (!records?.length) {
        throw new Error(`pool "${pool}" is empty: setup() found nothing to pick`);
    }
    return records;
}

/** One record from each pool the journey picks from, for one iteration. */
export function pickForIteration(journey: Pick<Journey, 'pick'>, pools: Pools, random: () => number = Math.random): Picked {
    const picked: Picked = {};
    for (const [alias, pool] of Object.entries(journey.pick)) {
        const records = recordsOf(pools, pool);
        picked[alias] = records[Math.floor(random() * records.length)];
    }
    return picked;
}

/**
 * The identity of a session (a customer, an administrator): chosen by the virtual user's number,
 * so that two virtual users share one only when there are more of them than records.
 */
export function pickForSession(journey: Pick<Journey, 'sessionPick'>, pools: Pools, vuNumber: number): Picked {
    const picked: Picked = {};
    for (const [alias, pool] of Object.entries(journey.sessionPick ?? {})) {
        const records = recordsOf(pools, pool);
        picked[alias] = records[vuNumber % records.length];
    }
    return picked;
}

/** Replaces "$alias.field" strings, at any depth, by the picked value. */
export function resolveVariables<T>(value: T, picked: Picked): T {
    if (typeof value === 'string' && value.startsWith('$')) {
        const [alias, field] = value.slice(1).split('.');
        const resolved = picked[alias]?.[field];
        if (resolved === undefined) {
            throw new Error(`${value}: nothing picked for it`);
        }
        return resolved as T;
    }
    if (Array.isArray(value)) {
        return value.map(item => resolveVariables(item, picked)) as T;
    }
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVariables(v, picked)])) as T;
    }
    return value;
}
