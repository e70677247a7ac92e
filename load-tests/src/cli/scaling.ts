import path from 'node:path';
import { parseArgs } from 'node:util';

import { capacityPlan } from '../capacity/capacity-plan';
import type { CapacityStep } from '../capacity/capacity-search';
import { runCapacity } from '../capacity/run-capacity';
import { chooseMix } from '../driver/drive-profile';
import { errorCount, rateLimitedCount } from '../driver/run-result';
import { limitTripped } from '../limits/limit-advice';
import { limitBudget } from '../limits/limit-budget';
import { readStackLimitsFrom } from '../limits/stack-limits';
import { detectBound } from '../measure/bound';
import { cpuBetween, cpuMsPerRequest, sampleCpu, type StackCpu } from '../measure/stack-cpu';
import { JOURNEYS_USAGE, parseJourneys } from '../orchestrate/benchmark-journeys';
import { RAISED_NGINX_LIMITS } from '../orchestrate/benchmark-stack';
import { composeContainers, composeScale, REPO_COMPOSE_FILE, type ComposeTarget } from '../orchestrate/compose';
import { describeMachine } from '../orchestrate/machine';
import { progress } from '../orchestrate/progress';
import { waitForInstances } from '../orchestrate/wait-for-instances';
import type { ScalingResults, ScalingStepRecord } from '../report/scaling-results';
import { scalingRows } from '../report/scaling-summary';
import { boundLabel, formatCost, formatSpread } from '../report/scaling-table';
import { writeScalingReport } from '../report/write-report';
import { parseDuration } from '../scenario/duration';
import { readDotEnv, stackEnvFile } from '../setup/dot-env';
import { prepareRun } from '../setup/prepare-run';
import { runCli } from './run-cli';

const USAGE = `scaling: the capacity of the compose stack at each server count, in rounds.

For every round, for every N (in reversed order every other round, so that drift over the run
hits every N alike): scale the repo's compose stack to N servers, warm up, and search the
capacity: the highest arrival rate whose step holds p95 ≤ the SLO with no error (an open model,
the "capacity" profile). The stack's CPU per container comes from its cgroup counters over each
step; the step that broke says what bounded the capacity.

  --instances LIST    e.g. 1,2,4 (default $SCALING_INSTANCES or 1,2,4)
  --rounds N          rounds (default 3; at least 3 for numbers worth quoting)
  --server-cpus CPUS  CPU cap per server container, passed to compose as SERVER_CPUS
                      (default $SERVER_CPUS or 0.5: on a 2-core host, uncapped servers would
                      each take the whole host and hide the effect of adding one)
  --duration S        seconds per step of the ramp (default the profile's, 20)
  --warmup S          warm-up seconds before each search (default 10)
  --slo-ms MS         the p95 objective (default the profile's, 500)
  --profile NAME      a capacity profile (default capacity)
${JOURNEYS_USAGE}
  --keep-limits       leave nginx's per-address limits as the stack has them (by default they
                      are raised for the run: all the load comes from this one address)
  --base-url URL      default $BASE_URL or http://127.0.0.1:8080
  --out DIR           default results/<timestamp>
Writes DIR/raw.json, DIR/scaling.md and DIR/scaling.svg (after every search). The stack keeps
the settings of the run (SERVER_CPUS, INSTANCE_HEADER, raised limits) until the next
\`docker compose up -d\` without them.`;


interface MeasuredStep extends CapacityStep {
    cpu?: StackCpu;
}

function record(step: MeasuredStep, serverCpus: number): ScalingStepRecord {
    const r = step.result;
    return {
        journeysPerSecond: step.journeysPerSecond,
        passed: step.verdict.passed,
        reasons: step.verdict.reasons,
        requests: r.requests,
        requestsPerSecond: r.requestsPerSecond,
        latencyMs: r.latencyMs,
        errors: errorCount(r),
        dropped: r.droppedIterations,
        rateLimited: rateLimitedCount(r),
        ...(step.cpu
            ? {
                  cpu: step.cpu,
                  cpuMsPerRequest: cpuMsPerRequest(step.cpu, r.requests),
                  bound: detectBound({ cpu: step.cpu, serverCpus, serverProcesses: Number(process.env.SERVER_PROCESSES) || 1 }),
              }
            : {}),
    };
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            instances: { type: 'string', default: process.env.SCALING_INSTANCES ?? '1,2,4' },
            rounds: { type: 'string', default: '3' },
            'server-cpus': { type: 'string', default: process.env.SERVER_CPUS || '0.5' },
            duration: { type: 'string' },
            warmup: { type: 'string', default: '10' },
            'slo-ms': { type: 'string' },
            profile: { type: 'string', default: 'capacity' },
            journeys: { type: 'string' },
            'keep-limits': { type: 'boolean', default: false },
            'base-url': { type: 'string', default: process.env.BASE_URL ?? 'http://127.0.0.1:8080' },
            out: { type: 'string' },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const counts = values.instances.split(/[\s,]+/).filter(Boolean).map(Number);
    if (!counts.length || counts.some(n => !Number.isInteger(n) || n < 1 || n > 16)) {
        throw new Error(`--instances: expected whole numbers 1..16, got "${values.instances}"`);
    }
    const rounds = Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) {
        throw new Error(`--rounds: expected a whole number 1..20, got "${values.rounds}"`);
    }
    if (rounds < 3) {
        progress(`warning: ${rounds} round(s): fine for a try, too few to quote (the report says so)`);
    }
    const serverCpus = Number(values['server-cpus']);
    const baseUrl = values['base-url'].replace(/\/$/, '');
    const envFile = stackEnvFile();
    const overrides: Record<string, string> = {
        SERVER_CPUS: values['server-cpus'],
        // The search waits until every server answered; the servers name themselves only with it.
        INSTANCE_HEADER: 'true',
        ...(values['keep-limits'] ? {} : RAISED_NGINX_LIMITS),
    };
    const target: ComposeTarget = { file: REPO_COMPOSE_FILE, env: overrides, envFile: process.env.STACK_ENV_FILE ? envFile : undefined };
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDir = path.resolve(values.out ?? path.join('results', stamp));
    const journeys = parseJourneys(values.journeys);

    // The first compose up, so that setup can discover the catalogue.
    progress(`scaling ${counts.join(', ')} servers x ${rounds} rounds, ${values['server-cpus']} CPU each -> ${outDir}`);
    progress(`stack settings for the run: ${Object.entries(overrides).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    await composeScale(target, { server: counts[0] });
    const prepared = await prepareRun(baseUrl, journeys);
    const { scenario } = prepared.loaded;
    const profile = scenario.profiles[values.profile];
    if (profile?.executor !== 'capacity') {
        throw new Error(`--profile: "${values.profile}" is not a capacity profile`);
    }
    const mix = chooseMix(scenario, journeys);
    const limits = readStackLimitsFrom({ ...process.env, ...overrides }, readDotEnv(envFile), REPO_COMPOSE_FILE);
    const budget = limitBudget(limits, scenario, mix);
    const sloP95Ms = values['slo-ms'] ? Number(values['slo-ms']) : profile.sloP95Ms;
    const stepDurationS = values.duration ? Number(values.duration) : parseDuration(profile.stepDuration) / 1000;

    const results: ScalingResults = {
        startedAt: new Date().toISOString(),
        machine: describeMachine(),
        baseUrl,
        profile: values.profile,
        journeys: Object.keys(mix),
        sloP95Ms,
        stepDurationS,
        rounds,
        instances: counts,
        serverCpus: values['server-cpus'],
        stackOverrides: overrides,
        runs: [],
    };
    let failed = false;
    for (let round = 1; round <= rounds; round++) {
        for (const instances of round % 2 ? counts : [...counts].reverse()) {
            progress(`round ${round}, N=${instances}: docker compose up -d --scale server=${instances} --wait`);
            await composeScale(target, { server: instances });
            const seen = await waitForInstances(baseUrl, instances);
            if (seen.length < instances) {
                progress(`  warning: expected ${instances} servers to answer, saw ${seen.length}; measuring anyway`);
            }
            const containers = await composeContainers(target);
            // Start below the capacity measured before (this N in an earlier round, else the largest
            // smaller N): a few steps to the knee instead of a dozen.
            const capacities = (match: (n: number) => boolean) =>
                results.runs.filter(r => r.capacity && match(r.instances)).map(r => r.capacity!.journeysPerSecond);
            const sameN = capacities(n => n === instances);
            const smaller = capacities(n => n < instances);
            const reference = sameN.length ? Math.min(...sameN) : smaller.length ? Math.max(...smaller) : undefined;
            const startRate = reference === undefined ? undefined : Math.max(profile.startRate, reference * 0.6);
            const plan = capacityPlan(profile, budget, limits, { startRate });
            const run = await runCapacity<MeasuredStep>({
                target: { baseUrl, ...prepared },
                profileName: values.profile,
                mix,
                plan,
                stepDurationS,
                sloP95Ms,
                maxVUs: profile.maxVUs,
                maxShopVUs: budget.maxShopVUs,
                warmup: { journeysPerSecond: plan.startRate, durationS: Number(values.warmup) },
                measure: async (_rate, drive) => {
                    const before = await sampleCpu(containers);
                    const step = await drive();
                    const after = await sampleCpu(containers);
                    return { ...step, cpu: cpuBetween(before, after, containers) };
                },
                onStep: step =>
                    progress(
                        `  ${step.journeysPerSecond} journeys/s: ${step.result.requestsPerSecond} req/s, p95 ${step.result.latencyMs.p95} ms, ` +
                            `errors ${errorCount(step.result)}: ${step.verdict.passed ? 'held' : `broke (${step.verdict.reasons.join('; ')})`}`,
                    ),
            });
            const steps = run.steps.map(step => record(step, serverCpus));
            const capacity = run.capacity && steps[run.steps.indexOf(run.capacity)];
            const breaking = run.breaking && steps[run.steps.indexOf(run.breaking)];
            // The step that broke shows what ran out; with none broken, the ramp's ceiling bounded it.
            const bounded = breaking?.bound;
            results.runs.push({
                round,
                instances,
                instancesSeen: seen.length,
                stoppedBy: run.stoppedBy,
                ceilingReason: plan.ceilingReason,
                capacity,
                breaking,
                steps,
                bound: run.stoppedBy === 'ceiling' || !bounded ? 'ceiling' : bounded.bound,
                boundDetail: (breaking ?? capacity)?.bound?.detail ?? '',
            });
            progress(
                `  N=${instances}, round ${round}: capacity ${capacity ? `${capacity.requestsPerSecond} req/s (${capacity.journeysPerSecond} journeys/s)` : 'none'}, ` +
                    `bounded by ${boundLabel(results.runs[results.runs.length - 1].bound)}`,
            );
            if (run.stoppedBy === 'rate-limited') {
                for (const line of limitTripped(run.breaking?.result.rateLimited ?? {}, limits)) console.log(line);
                failed = true;
            }
            writeScalingReport(outDir, results);
        }
    }
    const files = writeScalingReport(outDir, results);
    console.log('');
    for (const row of scalingRows(results)) {
        console.log(
            `CAPACITY (${row.instances} server${row.instances > 1 ? 's' : ''}): ${formatSpread(row.capacityRps)} req/s, ` +
                `${formatSpread(row.capacityJourneys)} journeys/s within p95 ≤ ${sloP95Ms} ms and 0 errors (median, min–max of ` +
                `${row.capacityRps.n} rounds); bounded by ${boundLabel(row.bound)}${row.serverBound ? '' : ' ⚠'}; CPU ms/request ${formatCost(row)}`,
        );
    }
    progress(`done: ${files.join(', ')}`);
    return failed ? 1 : 0;
}

runCli(main);
