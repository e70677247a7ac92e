import { driveProfile } from '../driver/drive-profile';
import type { RunResult } from '../driver/run-result';
import type { Pools } from '../scenario/picks';
import type { LoadedScenario } from '../scenario/types';
import { progress } from './progress';

export interface MixMeasurement {
    baseUrl: string;
    loaded: LoadedScenario;
    pools: Pools;
    profile: string;
    warmupS: number;
    durationS: number;
    connections?: number;
    /** Default: the whole mix. */
    journeys?: string[];
    /** Called once the measured run is halfway, e.g. to sample docker stats under load. */
    atHalfway?: () => Promise<void>;
}

/** A warm-up (JIT, connection pools, caches), then the measured run of the mix. */
export async function measureMix(m: MixMeasurement): Promise<RunResult> {
    const common = { baseUrl: m.baseUrl, loaded: m.loaded, pools: m.pools, profile: m.profile, journeys: m.journeys };
    if (m.warmupS > 0) {
        progress(`  warm-up ${m.warmupS} s`);
        await driveProfile({ ...common, overrides: { durationS: m.warmupS, connections: m.connections } });
    }
    progress(`  measuring ${m.durationS} s`);
    const halfway = m.atHalfway
        ? new Promise<void>(resolve => setTimeout(() => void m.atHalfway?.().finally(resolve), (m.durationS * 1000) / 2))
        : Promise.resolve();
    const [run] = await driveProfile({ ...common, overrides: { durationS: m.durationS, connections: m.connections } });
    await halfway;
    return run.result;
}
