import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { capacityPlan } from '../capacity/capacity-plan';
import type { CapacityOutcome } from '../capacity/capacity-search';
import { capacityLine } from '../capacity/format-capacity';
import { runCapacity } from '../capacity/run-capacity';
import { chooseMix, driveConstant, type DriveTarget } from '../driver/drive-profile';
import { formatResult } from '../driver/format-result';
import { errorCount } from '../driver/run-result';
import { describeLimit, howToRaise, limitTripped } from '../limits/limit-advice';
import { LIMIT_HEADROOM, limitBudget } from '../limits/limit-budget';
import { readStackLimitsFrom, type StackLimits } from '../limits/stack-limits';
import { REPO_COMPOSE_FILE } from '../orchestrate/compose';
import { parseDuration } from '../scenario/duration';
import { loadScenario } from '../scenario/load-scenario';
import { stackCredentials } from '../setup/credentials';
import { discoverPools } from '../setup/discover-pools';
import { readDotEnv, stackEnvFile } from '../setup/dot-env';
import { runCli } from './run-cli';

const USAGE = `node driver: the journeys of scenarios/scenarios.json against BASE_URL, in an open model
(iterations start on schedule, as k6's arrival-rate executors), with npm packages only.

  --base-url URL      default $BASE_URL or http://127.0.0.1:8080 (the compose stack's nginx)
  --profile NAME      capacity (default) | smoke | steady
  --journey NAME      only this journey (repeat for more); default the whole mix
  --each              constant profiles: one run per journey instead of one run of the mix
  --duration S        seconds of the run, or of each step of the capacity ramp
  --rate N            constant profiles: journeys per second
  --start-rate N      capacity: the first step, journeys per second
  --max-rate N        capacity: the highest step (the stack's limits may cap it lower)
  --slo-ms MS         capacity: the p95 objective (default the profile's, 500)
  --max-vus N         virtual users, shared out over the journeys by weight
  --out FILE          also write the results as JSON
The stack's limits (NGINX_*_API_*, LOGIN_*) are read from the environment, then the stack's env
file (STACK_ENV_FILE, default the repo's .env), then compose.yaml's defaults.
Exits 0 when the run passed (capacity: a capacity was found), 1 when it failed or tripped a
limit of the stack, 2 on bad usage or a failed setup.`;

const positive = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!(value > 0)) throw new Error(`--${flag}: expected a number above 0, got "${text}"`);
    return value;
};

function writeJson(file: string | undefined, value: unknown): void {
    if (!file) return;
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    console.log(`results: ${path.resolve(file)}`);
}

function describeLimits(limits: StackLimits): string {
    return Object.entries(limits.settings)
        .filter(([name]) => name.startsWith('NGINX_'))
        .map(([name, { text, source }]) => `${name}=${text} (${source})`)
        .join(', ');
}

/** The capacity line first, then every step, then the step that held and the one that broke. */
function reportCapacity(outcome: CapacityOutcome, sloP95Ms: number, limits: StackLimits): number {
    console.log('');
    console.log(capacityLine(outcome, sloP95Ms));
    console.log('');
    console.log('| journeys/s | req/s | p50 ms | p95 ms | errors | dropped | rate-limited | held |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const step of [...outcome.steps].sort((a, b) => a.journeysPerSecond - b.journeysPerSecond)) {
        const r = step.result;
        const limited = Object.values(r.rateLimited).reduce((sum, n) => sum + (n ?? 0), 0);
        console.log(
            `| ${step.journeysPerSecond} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${errorCount(r)} | ${r.droppedIterations} | ${limited} | ` +
                `${step.verdict.passed ? 'yes' : `no: ${step.verdict.reasons.join('; ')}`} |`,
        );
    }
    for (const [title, step] of [['the capacity step', outcome.capacity], ['the step that broke', outcome.breaking]] as const) {
        if (step) {
            console.log(`\n${formatResult(step.result, `${title}, ${step.journeysPerSecond} journeys/s`)}`);
        }
    }
    const tripped = limitTripped(outcome.breaking?.result.rateLimited ?? {}, limits);
    for (const line of tripped) {
        console.log(`\n${line}`);
    }
    return outcome.stoppedBy === 'rate-limited' || !outcome.capacity ? 1 : 0;
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            'base-url': { type: 'string' },
            profile: { type: 'string', default: 'capacity' },
            journey: { type: 'string', multiple: true },
            each: { type: 'boolean', default: false },
            duration: { type: 'string' },
            rate: { type: 'string' },
            'start-rate': { type: 'string' },
            'max-rate': { type: 'string' },
            'slo-ms': { type: 'string' },
            'max-vus': { type: 'string' },
            out: { type: 'string' },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const baseUrl = (values['base-url'] ?? process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
    const loaded = loadScenario();
    const profile = loaded.scenario.profiles[values.profile];
    if (!profile) {
        throw new Error(`no profile "${values.profile}" (one of ${Object.keys(loaded.scenario.profiles).join(', ')})`);
    }
    const mix = chooseMix(loaded.scenario, values.journey);
    const limits = readStackLimitsFrom(process.env, readDotEnv(stackEnvFile()), REPO_COMPOSE_FILE);
    const budget = limitBudget(limits, loaded.scenario, mix);
    console.log(`limits of the stack (per client address): ${describeLimits(limits)}`);

    console.log(`setup: discovering the catalogue at ${baseUrl}`);
    const credentials = await stackCredentials();
    const pools = await discoverPools(baseUrl, loaded, Object.keys(mix), credentials);
    console.log(
        `setup: ${pools.products.length} products, ${pools.variants.length} variants, ${pools.collections.length} collections, ` +
            `${pools.searchTerms.length} search terms, ${pools.customers.length} customers` +
            (credentials.adminPasswordSource ? `; superadmin password from ${credentials.adminPasswordSource}` : ''),
    );
    const target: DriveTarget = { baseUrl, loaded, pools };
    const durationS = positive('duration', values.duration);
    const maxVUs = positive('max-vus', values['max-vus']);

    if (profile.executor === 'capacity') {
        const sloP95Ms = positive('slo-ms', values['slo-ms']) ?? profile.sloP95Ms;
        const plan = capacityPlan(profile, budget, limits, { startRate: positive('start-rate', values['start-rate']), maxRate: positive('max-rate', values['max-rate']) });
        const stepDurationS = durationS ?? parseDuration(profile.stepDuration) / 1000;
        console.log(
            `capacity: ${profile.warmup ? `${profile.warmup} of warm-up, then ` : ''}from ${plan.startRate} journeys/s, x${plan.growth} per ${stepDurationS} s step, up to ${Math.round(plan.ceiling * 100) / 100} ` +
                `journeys/s (${plan.ceilingReason}); SLO p95 ≤ ${sloP95Ms} ms with 0 errors`,
        );
        const outcome = await runCapacity({
            target,
            profileName: values.profile,
            mix,
            plan,
            stepDurationS,
            sloP95Ms,
            maxVUs: maxVUs ?? profile.maxVUs,
            maxShopVUs: budget.maxShopVUs,
            warmup: profile.warmup ? { journeysPerSecond: plan.startRate, durationS: parseDuration(profile.warmup) / 1000 } : undefined,
            onStep: step =>
                console.log(
                    `  step ${step.journeysPerSecond} journeys/s: ${step.result.requestsPerSecond} req/s, p95 ${step.result.latencyMs.p95} ms, ` +
                        `errors ${errorCount(step.result)}, dropped ${step.result.droppedIterations}: ` +
                        (step.verdict.passed ? 'held' : `broke (${step.verdict.reasons.join('; ')})`),
                ),
        });
        const code = reportCapacity(outcome, sloP95Ms, limits);
        writeJson(values.out, { kind: 'capacity', profile: values.profile, sloP95Ms, stepDurationS, limits: limits.settings, outcome });
        return code;
    }

    const journeysPerSecond = positive('rate', values.rate) ?? profile.rate;
    if (journeysPerSecond > budget.maxJourneysPerSecond && budget.bindingLimit) {
        console.log(
            `NOT STARTED: ${journeysPerSecond} journeys/s of this mix is more than ${Math.round(budget.maxJourneysPerSecond * 10) / 10} journeys/s, ` +
                `${Math.round(LIMIT_HEADROOM * 100)}% of ${describeLimit(budget.bindingLimit, limits)}: the stack would answer 429. ` +
                `To raise it: ${howToRaise(budget.bindingLimit)}.`,
        );
        return 1;
    }
    const runs = await driveConstant(target, values.profile, profile, mix, {
        each: values.each,
        durationS,
        journeysPerSecond,
        maxVUs,
        maxShopVUs: budget.maxShopVUs,
        onRun: (label, rate, seconds) => console.log(`run: ${label} for ${seconds} s`),
    });
    let failed = false;
    for (const run of runs) {
        console.log(formatResult(run.result, run.label));
        for (const failure of run.thresholdFailures) {
            console.log(`  THRESHOLD FAILED: ${failure}`);
            failed = true;
        }
        for (const line of limitTripped(run.result.rateLimited, limits)) {
            console.log(`  ${line}`);
            failed = true;
        }
    }
    writeJson(values.out, runs);
    return failed ? 1 : 0;
}

runCli(main, 2);
