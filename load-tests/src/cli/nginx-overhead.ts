import { parseArgs } from 'node:util';

import { readStackLimitsFrom } from '../limits/stack-limits';
import { JOURNEYS_USAGE, parseJourneys } from '../orchestrate/benchmark-journeys';
import { RAISED_NGINX_LIMITS } from '../orchestrate/benchmark-stack';
import { compareRuns } from '../orchestrate/compare-runs';
import { composeContainers, composeScale, REPO_COMPOSE_FILE, type ComposeTarget } from '../orchestrate/compose';
import { measureCapacity } from '../orchestrate/measure-capacity';
import { progress } from '../orchestrate/progress';
import { readDotEnv, stackEnvFile } from '../setup/dot-env';
import { prepareRun } from '../setup/prepare-run';
import { runCli } from './run-cli';

const USAGE = `nginx-overhead: the capacity of one server, measured directly and through nginx.

  --direct-url URL    the server without nginx (default: the server container's address on the
                      compose frontend network, port 3000, reachable from a Linux host)
  --server-cpus CPUS  passed to compose as SERVER_CPUS (default $SERVER_CPUS or 0.5)
  --duration S        seconds per step of the capacity ramp (default the profile's)
  --warmup S          (default 10)
${JOURNEYS_USAGE}
  --base-url URL      nginx (default $BASE_URL or http://127.0.0.1:8080)
nginx's per-address limits are raised for the run (the load comes from one address).
A benchmark that prints numbers, not a test.`;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            'direct-url': { type: 'string' },
            'server-cpus': { type: 'string', default: process.env.SERVER_CPUS || '0.5' },
            duration: { type: 'string' },
            warmup: { type: 'string', default: '10' },
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
    const overrides = { SERVER_CPUS: values['server-cpus'], ...RAISED_NGINX_LIMITS };
    const target: ComposeTarget = { file: REPO_COMPOSE_FILE, env: overrides, envFile: process.env.STACK_ENV_FILE ? stackEnvFile() : undefined };
    progress('docker compose up -d --scale server=1 --wait');
    await composeScale(target, { server: 1 });
    let directUrl = values['direct-url'];
    if (!directUrl) {
        const server = (await composeContainers(target)).find(c => c.service === 'server');
        const ip = server && Object.entries(server.ips).find(([network]) => network.endsWith('frontend'))?.[1];
        if (!ip) {
            throw new Error('no server container on the frontend network; pass --direct-url');
        }
        directUrl = `http://${ip}:3000`;
    }
    const journeys = parseJourneys(values.journeys);
    const prepared = await prepareRun(nginxUrl, journeys);
    const common = {
        journeys,
        warmupS: Number(values.warmup),
        stepDurationS: values.duration ? Number(values.duration) : undefined,
    };
    progress(`direct: ${directUrl}`);
    const direct = await measureCapacity({ ...common, target: { ...prepared, baseUrl: directUrl } });
    progress(`through nginx: ${nginxUrl}`);
    const limits = readStackLimitsFrom({ ...process.env, ...overrides }, readDotEnv(stackEnvFile()), REPO_COMPOSE_FILE);
    const proxied = await measureCapacity({ ...common, target: { ...prepared, baseUrl: nginxUrl }, limits });
    console.log(`\nnginx overhead, one server at ${values['server-cpus']} CPU, capacity of the mix\n`);
    console.log(compareRuns(['direct', 'nginx'], [direct, proxied]));
}

runCli(main);
