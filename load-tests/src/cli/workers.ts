import { parseArgs } from 'node:util';

import { composeScale, REPO_COMPOSE_FILE } from '../orchestrate/compose';
import { measureDrain, type DrainResult } from '../orchestrate/measure-drain';
import { progress } from '../orchestrate/progress';
import { loadScenario } from '../scenario/load-scenario';
import { stackCredentials } from '../setup/credentials';
import { stackEnvFile } from '../setup/dot-env';
import { adminToken } from '../setup/discover-pools';
import { runCli } from './run-cli';

const USAGE = `workers: time the drain of a fixed batch of search-index jobs with 1 worker, then 2.

  --workers LIST      worker counts (default 1,2)
  --rounds N          the batch is N x every product of the catalogue (default 4)
  --worker-cpus CPUS  CPU cap per worker container, passed to compose as WORKER_CPUS (default $WORKER_CPUS or 0.5)
  --no-compose        measure once against whatever workers run now (no scaling)
  --base-url URL      default $BASE_URL or http://127.0.0.1:8080
A benchmark that prints numbers, not a test.`;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            workers: { type: 'string', default: '1,2' },
            rounds: { type: 'string', default: '4' },
            'worker-cpus': { type: 'string', default: process.env.WORKER_CPUS || '0.5' },
            'no-compose': { type: 'boolean', default: false },
            'base-url': { type: 'string', default: process.env.BASE_URL ?? 'http://127.0.0.1:8080' },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const baseUrl = values['base-url'].replace(/\/$/, '');
    const rounds = Number(values.rounds);
    const counts = values['no-compose'] ? [0] : values.workers.split(',').map(Number);
    const results: Array<{ workers: number } & DrainResult> = [];
    for (const workers of counts) {
        if (workers > 0) {
            progress(`workers=${workers}: docker compose up -d --scale worker=${workers} --wait`);
            await composeScale(
                { file: REPO_COMPOSE_FILE, env: { WORKER_CPUS: values['worker-cpus'] }, envFile: process.env.STACK_ENV_FILE ? stackEnvFile() : undefined },
                { worker: workers },
            );
        }
        const token = await adminToken(baseUrl, loadScenario(), await stackCredentials());
        const result = await measureDrain(baseUrl, token, rounds);
        progress(`  ${result.jobs} jobs drained in ${result.drainMs} ms (${result.jobsPerSecond} jobs/s; enqueueing took ${result.enqueueMs} ms)`);
        results.push({ workers, ...result });
    }
    console.log('\n| workers | jobs | drain ms | jobs/s | speed-up |\n| ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
        console.log(`| ${r.workers || 'as running'} | ${r.jobs} | ${r.drainMs} | ${r.jobsPerSecond} | ${(r.jobsPerSecond / results[0].jobsPerSecond).toFixed(2)}× |`);
    }
}

runCli(main);
