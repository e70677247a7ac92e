import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { JOURNEYS_USAGE, parseJourneys } from '../orchestrate/benchmark-journeys';
import { compareRuns } from '../orchestrate/compare-runs';
import { measureCapacity } from '../orchestrate/measure-capacity';
import { progress } from '../orchestrate/progress';
import { startServerProcess } from '../orchestrate/server-process';
import { prepareRun } from '../setup/prepare-run';
import { runCli } from './run-cli';

const USAGE = `cluster-config-cost: the capacity of one server process with the cluster-safe config (Redis
cache and sessions, BullMQ) against one with Vendure's in-memory defaults, the same mix.

Runs both as processes on this host with the current environment (DB_*, REDIS_*, COOKIE_SECRET,
SUPERADMIN_PASSWORD, ...): point it at a migrated, seeded database. Build first:
  npx nx run-many -t build -p cluster shop server load-tests

  --port N        port for the server under test (default 3290)
  --duration S    seconds per step of the capacity ramp (default the profile's)
  --warmup S      (default 10)
${JOURNEYS_USAGE}
  --log-dir DIR   server logs (default the system temp dir)
A benchmark that prints numbers, not a test.`;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            port: { type: 'string', default: '3290' },
            duration: { type: 'string' },
            warmup: { type: 'string', default: '10' },
            journeys: { type: 'string' },
            'log-dir': { type: 'string', default: os.tmpdir() },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const variants: Array<[string, string]> = [
        ['in-memory defaults', path.resolve(__dirname, '..', 'bench', 'in-memory-server.js')],
        ['cluster-safe', path.resolve(__dirname, '..', '..', '..', 'apps', 'server', 'dist', 'main.js')],
    ];
    const journeys = parseJourneys(values.journeys);
    const results = [];
    for (const [label, script] of variants) {
        const logFile = path.join(values['log-dir'], `cluster-config-cost-${label.replace(/\W+/g, '-')}.log`);
        progress(`${label}: starting ${path.relative(process.cwd(), script)} on port ${values.port} (log ${logFile})`);
        const server = await startServerProcess(script, Number(values.port), logFile, process.env);
        try {
            const prepared = await prepareRun(server.baseUrl, journeys);
            results.push(
                await measureCapacity({
                    target: { ...prepared, baseUrl: server.baseUrl },
                    journeys,
                    warmupS: Number(values.warmup),
                    stepDurationS: values.duration ? Number(values.duration) : undefined,
                }),
            );
        } finally {
            await server.stop();
        }
    }
    console.log('\ncost of the cluster-safe configuration, one server process, capacity of the mix\n');
    console.log(compareRuns(['in-memory defaults', 'cluster-safe'], [results[0], results[1]]));
}

runCli(main);
