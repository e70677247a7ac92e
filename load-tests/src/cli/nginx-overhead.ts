import { parseArgs } from 'node:util';

import { JOURNEYS_USAGE, parseJourneys } from '../orchestrate/benchmark-journeys';
import { composeContainers, composeScale, REPO_COMPOSE_FILE, type ComposeTarget } from '../orchestrate/compose';
import { compareRuns } from '../orchestrate/compare-runs';
import { measureMix } from '../orchestrate/measure-mix';
import { progress } from '../orchestrate/progress';
import { prepareRun } from '../setup/prepare-run';

const USAGE = `nginx-overhead: one server, measured directly and through nginx, the same mix and load.

  --direct-url URL    the server without nginx (default: the server container's address on the
                      compose frontend network, port 3000, reachable from a Linux host)
  --server-cpus CPUS  passed to compose as SERVER_CPUS (default $SERVER_CPUS or 0.5)
  --duration S        measured seconds per side (default 20)
  --warmup S          (default 5)
  --profile NAME      (default throughput)
  --connections N     autocannon connections (default the profile's maxVUs)
${JOURNEYS_USAGE}
  --base-url URL      nginx (default $BASE_URL or http://127.0.0.1:8080)
A benchmark that prints numbers, not a test.`;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            'direct-url': { type: 'string' },
            'server-cpus': { type: 'string', default: process.env.SERVER_CPUS || '0.5' },
            duration: { type: 'string', default: '20' },
            warmup: { type: 'string', default: '5' },
            profile: { type: 'string', default: 'throughput' },
            connections: { type: 'string' },
            journeys: { type: 'string' },
            'base-url': { type: 'string', default: process.env.BASE_URL ?? 'http://127.0.0.1:8080' },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const nginxUrl = values['base-url'].replace(/\/$/, '');
    let directUrl = values['direct-url'];
    if (!directUrl) {
        const target: ComposeTarget = { file: REPO_COMPOSE_FILE, env: { SERVER_CPUS: values['server-cpus'] } };
        progress('docker compose up -d --scale server=1 --wait');
        await composeScale(target, { server: 1 });
        const server = (await composeContainers(target)).find(c => c.service === 'server');
        const ip = server && Object.entries(server.ips).find(([network]) => network.endsWith('frontend'))?.[1];
        if (!ip) {
            throw new Error('no server container on the frontend network; pass --direct-url');
        }
        directUrl = `http://${ip}:3000`;
    }
    const prepared = await prepareRun(nginxUrl);
    const common = {
        ...prepared,
        profile: values.profile,
        warmupS: Number(values.warmup),
        durationS: Number(values.duration),
        connections: values.connections ? Number(values.connections) : undefined,
        journeys: parseJourneys(values.journeys),
    };
    progress(`direct: ${directUrl}`);
    const direct = await measureMix({ ...common, baseUrl: directUrl });
    progress(`through nginx: ${nginxUrl}`);
    const proxied = await measureMix({ ...common, baseUrl: nginxUrl });
    console.log(`\nnginx overhead, one server, "${values.profile}" mix\n`);
    console.log(compareRuns(['direct', 'nginx'], [direct, proxied]));
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
});
