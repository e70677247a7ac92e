import path from 'node:path';
import { parseArgs } from 'node:util';

import { JOURNEYS_USAGE, parseJourneys } from '../orchestrate/benchmark-journeys';
import { compareRuns } from '../orchestrate/compare-runs';
import { measureMix } from '../orchestrate/measure-mix';
import { progress } from '../orchestrate/progress';
import { startServerProcess } from '../orchestrate/server-process';
import { prepareRun } from '../setup/prepare-run';

const USAGE = `cluster-config-cost: one server process with the cluster-safe config (Redis cache and
sessions, BullMQ) against one with Vendure's in-memory defaults, the same mix and load.

Runs both as processes on this host with the current environment (DB_*, REDIS_*, COOKIE_SECRET,
SUPERADMIN_PASSWORD, ...): point it at a migrated, seeded database. Build first:
  npx nx run-many -t build -p cluster shop server load-tests

  --port N       port for the server under test (default 3290)
  --duration S   measured seconds per config (default 20)
  --warmup S     (default 5)
  --profile NAME (default throughput)
  --connections N autocannon connections (default the profile's maxVUs)
${JOURNEYS_USAGE}
  --log-dir DIR  server logs (default the system temp dir)
A benchmark that prints numbers, not a test.`;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            port: { type: 'string', default: '3290' },
            duration: { type: 'string', default: '20' },
            warmup: { type: 'string', default: '5' },
            profile: { type: 'string', default: 'throughput' },
            connections: { type: 'string' },
            journeys: { type: 'string' },
            'log-dir': { type: 'string', default: process.env.TMPDIR ?? '/tmp' },
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
    const results = [];
    for (const [label, script] of variants) {
        const logFile = path.join(values['log-dir'], `cluster-config-cost-${label.replace(/\W+/g, '-')}.log`);
        progress(`${label}: starting ${path.relative(process.cwd(), script)} on port ${values.port} (log ${logFile})`);
        const server = await startServerProcess(script, Number(values.port), logFile, process.env);
        try {
            const prepared = await prepareRun(server.baseUrl);
            results.push(
                await measureMix({
                    ...prepared,
                    baseUrl: server.baseUrl,
                    profile: values.profile,
                    warmupS: Number(values.warmup),
                    durationS: Number(values.duration),
                    connections: values.connections ? Number(values.connections) : undefined,
                    journeys: parseJourneys(values.journeys),
                }),
            );
        } finally {
            await server.stop();
        }
    }
    console.log(`\ncost of the cluster-safe configuration, one server, "${values.profile}" mix\n`);
    console.log(compareRuns(['in-memory defaults', 'cluster-safe'], [results[0], results[1]]));
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
});
