import { loadScenario } from '../scenario/load-scenario';
import type { Pools } from '../scenario/picks';
import type { LoadedScenario } from '../scenario/types';
import { readCredentials } from './credentials';
import { discoverPools } from './discover-pools';

export interface PreparedRun {
    loaded: LoadedScenario;
    pools: Pools;
}

/** Loads the scenario and runs setup() for the whole mix against baseUrl. */
export async function prepareRun(baseUrl: string): Promise<PreparedRun> {
    const loaded = loadScenario();
    const pools = await discoverPools(baseUrl, loaded, Object.keys(loaded.scenario.mix), readCredentials());
    return { loaded, pools };
}
