import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { driveProfile } from '../driver/drive-profile';
import { formatResult } from '../driver/format-result';
import { loadScenario } from '../scenario/load-scenario';
import { readCredentials } from '../setup/credentials';
import { discoverPools } from '../setup/discover-pools';

const USAGE = `autocannon driver: runs the journeys of scenarios/scenarios.json against BASE_URL.

  --base-url URL      default $BASE_URL or http://127.0.0.1:8080 (the compose stack's nginx)
  --profile NAME      smoke | steady | throughput | knee (default smoke)
  --journey NAME      only this journey (repeat for more); default the whole mix
  --each              one run per journey instead of one run of the mix
  --duration SECONDS  override the profile's duration (per stage for knee)
  --rate N            override journeys per second
  --connections N     override maxVUs (autocannon connections)
  --out FILE          also write the results as JSON
Exits 1 when a threshold of the profile fails.`;

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            'base-url': { type: 'string' },
            profile: { type: 'string', default: 'smoke' },
            journey: { type: 'string', multiple: true },
            each: { type: 'boolean', default: false },
            duration: { type: 'string' },
            rate: { type: 'string' },
            connections: { type: 'string' },
            out: { type: 'string' },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const number = (flag: string, text: string | undefined) => {
        if (text === undefined) return undefined;
        const value = Number(text);
        if (!(value > 0)) throw new Error(`--${flag}: expected a number above 0, got "${text}"`);
        return value;
    };
    const baseUrl = (values['base-url'] ?? process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
    const loaded = loadScenario();
    const journeys = values.journey?.length ? values.journey : Object.keys(loaded.scenario.mix);
    console.log(`setup: discovering the catalogue at ${baseUrl}`);
    const pools = await discoverPools(baseUrl, loaded, journeys, readCredentials());
    console.log(
        `setup: ${pools.products.length} products, ${pools.variants.length} variants, ${pools.collections.length} collections, ` +
            `${pools.searchTerms.length} search terms, ${pools.customers.length} customers`,
    );
    const runs = await driveProfile({
        baseUrl,
        loaded,
        pools,
        profile: values.profile,
        journeys,
        each: values.each,
        overrides: {
            durationS: number('duration', values.duration),
            journeysPerSecond: number('rate', values.rate),
            connections: number('connections', values.connections),
        },
        onRun: (label, phase) => console.log(`run: ${label} for ${phase.durationS} s (≤${phase.requestsPerSecond} req/s)`),
    });
    let failed = false;
    for (const run of runs) {
        console.log(formatResult(run.result, run.label));
        for (const failure of run.thresholdFailures) {
            console.log(`  THRESHOLD FAILED: ${failure}`);
            failed = true;
        }
    }
    if (values.out) {
        mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
        writeFileSync(values.out, JSON.stringify(runs, null, 2));
        console.log(`results: ${path.resolve(values.out)}`);
    }
    return failed ? 1 : 0;
}

main().then(
    code => process.exit(code),
    (error: Error) => {
        console.error(error.message);
        process.exit(2);
    },
);
