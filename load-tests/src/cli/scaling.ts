import path from 'node:path';
import { parseArgs } from 'node:util';

import { composeScale, containerCpu, REPO_COMPOSE_FILE, type ComposeTarget } from '../orchestrate/compose';
import { describeMachine } from '../orchestrate/machine';
import { JOURNEYS_USAGE, parseJourneys } from '../orchestrate/benchmark-journeys';
import { measureMix } from '../orchestrate/measure-mix';
import { progress } from '../orchestrate/progress';
import { waitForInstances } from '../orchestrate/wait-for-instances';
import type { ContainerCpu, ScalingResults } from '../report/scaling-results';
import { writeScalingReport } from '../report/write-report';
import { prepareRun } from '../setup/prepare-run';

const USAGE = `scaling: for each N, scale the compose stack to N servers, warm up, measure the mix, record CPU.

  --instances LIST    e.g. 1,2,4 (default $SCALING_INSTANCES or 1,2,4)
  --server-cpus CPUS  CPU cap per server container, passed to compose as SERVER_CPUS
                      (default $SERVER_CPUS or 0.5: on a 2-core host, uncapped servers would
                      each take the whole host and hide the effect of adding one)
  --duration S        measured seconds per step (default 30)
  --warmup S          warm-up seconds per step (default 10)
  --connections N     autocannon connections (default the throughput profile's maxVUs)
  --profile NAME      default throughput
${JOURNEYS_USAGE}
  --base-url URL      default $BASE_URL or http://127.0.0.1:8080
  --out DIR           default results/<timestamp>
Writes DIR/raw.json, DIR/scaling.md and DIR/scaling.svg (raw.json after every step).`;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            instances: { type: 'string', default: process.env.SCALING_INSTANCES ?? '1,2,4' },
            'server-cpus': { type: 'string', default: process.env.SERVER_CPUS || '0.5' },
            duration: { type: 'string', default: '30' },
            warmup: { type: 'string', default: '10' },
            connections: { type: 'string' },
            profile: { type: 'string', default: 'throughput' },
            journeys: { type: 'string' },
            'base-url': { type: 'string', default: process.env.BASE_URL ?? 'http://127.0.0.1:8080' },
            out: { type: 'string' },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const counts = values.instances.split(/[\s,]+/).filter(Boolean).map(Number);
    if (!counts.length || counts.some(n => !Number.isInteger(n) || n < 1 || n > 16)) {
        throw new Error(`--instances: expected whole numbers 1..16, got "${values.instances}"`);
    }
    const baseUrl = values['base-url'].replace(/\/$/, '');
    const durationS = Number(values.duration);
    const warmupS = Number(values.warmup);
    const connections = values.connections ? Number(values.connections) : undefined;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDir = path.resolve(values.out ?? path.join('results', stamp));
    const target: ComposeTarget = { file: REPO_COMPOSE_FILE, env: { SERVER_CPUS: values['server-cpus'] } };

    const results: ScalingResults = {
        startedAt: new Date().toISOString(),
        machine: describeMachine(),
        baseUrl,
        profile: values.profile,
        durationS,
        connections: 0,
        serverCpus: values['server-cpus'],
        steps: [],
    };
    progress(`scaling ${counts.join(', ')} servers, ${values['server-cpus']} CPU each, ${durationS} s per step -> ${outDir}`);
    let prepared: Awaited<ReturnType<typeof prepareRun>> | undefined;
    for (const instances of counts) {
        progress(`step N=${instances}: docker compose up -d --scale server=${instances} --wait`);
        await composeScale(target, { server: instances });
        const seen = await waitForInstances(baseUrl, instances);
        progress(`  ${seen.length} instance(s) answering through ${baseUrl}`);
        if (seen.length < instances) {
            progress(`  warning: expected ${instances}, saw ${seen.length}; measuring anyway`);
        }
        prepared ??= await prepareRun(baseUrl);
        let cpu: ContainerCpu[] = [];
        const result = await measureMix({
            baseUrl,
            ...prepared,
            profile: values.profile,
            warmupS,
            durationS,
            connections,
            journeys: parseJourneys(values.journeys),
            atHalfway: async () => {
                cpu = await containerCpu(target).catch(error => {
                    progress(`  docker stats failed: ${(error as Error).message.split('\n')[0]}`);
                    return [];
                });
            },
        });
        results.connections = connections ?? prepared.loaded.scenario.profiles[values.profile].maxVUs;
        results.steps.push({ instances, result, cpu });
        progress(
            `  N=${instances}: ${result.requestsPerSecond} req/s, p95 ${result.latencyMs.p95} ms, ` +
                `errors ${result.failed + result.graphqlErrors + result.unmet}, instances ${Object.keys(result.instances).length}`,
        );
        writeScalingReport(outDir, results);
    }
    const files = writeScalingReport(outDir, results);
    progress(`done: ${files.join(', ')}`);
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
});
