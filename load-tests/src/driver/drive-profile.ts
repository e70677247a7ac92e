import type { Pools } from '../scenario/picks';
import type { ConstantProfile, LoadedScenario, Scenario } from '../scenario/types';
import { parseDuration } from '../scenario/duration';
import { thresholdFailures } from './check-thresholds';
import { httpClient } from './http-client';
import { runArrivalRate } from './open-model';
import type { RunResult } from './run-result';
import { VirtualUsers, vuCaps } from './virtual-users';

export interface DriveTarget {
    baseUrl: string;
    loaded: LoadedScenario;
    pools: Pools;
}

/** The mix of the chosen journeys with their weights (the whole mix when none are chosen). */
export function chooseMix(scenario: Scenario, journeys?: string[]): Scenario['mix'] {
    const chosen = journeys?.length ? journeys : Object.keys(scenario.mix);
    const unknown = chosen.filter(name => !scenario.journeys[name]);
    if (unknown.length) {
        throw new Error(`no journey ${unknown.join(', ')} (one of ${Object.keys(scenario.journeys).join(', ')})`);
    }
    return Object.fromEntries(chosen.map(name => [name, scenario.mix[name] ?? 1]));
}

/** The virtual users and the connections of one run, kept across its steps; close() ends them. */
export function openRun(target: DriveTarget, mix: Scenario['mix'], maxVUs: number, maxShopVUs?: number) {
    const users = new VirtualUsers(target.loaded, target.pools, vuCaps(target.loaded.scenario, mix, maxVUs, maxShopVUs));
    const http = httpClient(target.baseUrl);
    return { users, http, close: () => http.close() };
}

export interface ConstantRun {
    label: string;
    result: RunResult;
    thresholdFailures: string[];
}

export interface ConstantOverrides {
    durationS?: number;
    journeysPerSecond?: number;
    maxVUs?: number;
    maxShopVUs?: number;
}

/** A constant-arrival-rate profile through the open-model driver: the mix, or `each` journey alone. */
export async function driveConstant(
    target: DriveTarget,
    profileName: string,
    profile: ConstantProfile,
    mix: Scenario['mix'],
    options: ConstantOverrides & { each?: boolean; onRun?: (label: string, journeysPerSecond: number, durationS: number) => void } = {},
): Promise<ConstantRun[]> {
    const mixes: Array<[string, Scenario['mix']]> = options.each
        ? Object.keys(mix).map(name => [name, { [name]: 1 }])
        : [[Object.keys(mix).length === Object.keys(target.loaded.scenario.mix).length ? 'mix' : Object.keys(mix).join('+'), mix]];
    const journeysPerSecond = options.journeysPerSecond ?? profile.rate;
    const durationS = options.durationS ?? parseDuration(profile.duration) / 1000;
    const runs: ConstantRun[] = [];
    for (const [name, runMix] of mixes) {
        const label = `${name} @ ${journeysPerSecond} journeys/s`;
        options.onRun?.(label, journeysPerSecond, durationS);
        const run = openRun(target, runMix, options.maxVUs ?? profile.maxVUs, options.maxShopVUs);
        try {
            const result = await runArrivalRate({ ...target, profile: profileName, mix: runMix, journeysPerSecond, durationS, users: run.users, http: run.http });
            runs.push({ label, result, thresholdFailures: thresholdFailures(result, profile.thresholds) });
        } finally {
            run.close();
        }
    }
    return runs;
}
