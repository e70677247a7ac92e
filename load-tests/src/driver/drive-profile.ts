import type { Pools } from '../scenario/picks';
import type { LoadedScenario } from '../scenario/types';
import { thresholdFailures } from './check-thresholds';
import { planPhases, type Phase, type PhaseOverrides } from './plan-phases';
import { runAutocannon } from './run-autocannon';
import type { RunResult } from './run-result';

export interface DriveOptions {
    baseUrl: string;
    loaded: LoadedScenario;
    pools: Pools;
    profile: string;
    /** Journeys to run (default: the whole mix). */
    journeys?: string[];
    /** One run per journey instead of one run of the mix (per-journey latency, the CI smoke). */
    each?: boolean;
    overrides?: PhaseOverrides;
    /** Called before each run, for a progress line. */
    onRun?: (label: string, phase: Phase) => void;
}

export interface DrivenRun {
    label: string;
    phase: Phase;
    result: RunResult;
    thresholdFailures: string[];
}

/** Runs a profile of the scenario through autocannon: the mix, or each journey on its own. */
export async function driveProfile(options: DriveOptions): Promise<DrivenRun[]> {
    const { scenario } = options.loaded;
    const profile = scenario.profiles[options.profile];
    if (!profile) {
        throw new Error(`no profile "${options.profile}" (one of ${Object.keys(scenario.profiles).join(', ')})`);
    }
    const chosen = options.journeys?.length ? options.journeys : Object.keys(scenario.mix);
    const unknown = chosen.filter(name => !scenario.journeys[name]);
    if (unknown.length) {
        throw new Error(`no journey ${unknown.join(', ')} (one of ${Object.keys(scenario.journeys).join(', ')})`);
    }
    const mixes: Array<[string, Record<string, number>]> = options.each
        ? chosen.map(name => [name, { [name]: 1 }])
        : [[chosen.length === Object.keys(scenario.mix).length ? 'mix' : chosen.join('+'), Object.fromEntries(chosen.map(name => [name, scenario.mix[name] ?? 1]))]];

    const runs: DrivenRun[] = [];
    for (const [name, mix] of mixes) {
        for (const phase of planPhases(scenario, profile, mix, options.overrides)) {
            const label = `${name} @ ${phase.label}`;
            options.onRun?.(label, phase);
            const result = await runAutocannon({
                baseUrl: options.baseUrl,
                loaded: options.loaded,
                pools: options.pools,
                mix,
                profile: options.profile,
                durationS: phase.durationS,
                requestsPerSecond: phase.requestsPerSecond,
                connections: phase.connections,
            });
            runs.push({ label, phase, result, thresholdFailures: thresholdFailures(result, profile.thresholds) });
        }
    }
    return runs;
}
