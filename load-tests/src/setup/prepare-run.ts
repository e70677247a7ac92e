import { loadScenario } from '../scenario/load-scenario';
import type { Pools } from '../scenario/picks';
import type { LoadedScenario } from '../scenario/types';
import { stackCredentials } from './credentials';
import { discoverPools } from './discover-pools';

export interface PreparedRun {
    loaded: LoadedScenario;
    pools: Pools;
}

/** Loads the scenario and runs setup() for the given journeys (default the whole mix) against baseUrl. */
export async function prepareRun(baseUrl: string, journeys?: string[]): Promise<PreparedRun> {
    const loaded = loadScenario();
    const chosen = journeys?.length ? journeys : Object.keys(loaded.scenario.mix);
    const pools = await discoverPools(baseUrl, loaded, chosen, await stackCredentials());
    return { loaded, pools };
}
