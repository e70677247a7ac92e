import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { capacityPlan } from '../capacity/capacity-plan';
import { rampRates } from '../capacity/capacity-search';
import { chooseMix } from '../driver/drive-profile';
import { k6RateLimitsOf } from '../limits/k6-rate-limits';
import { describeLimit, howToRaise, limitTripped } from '../limits/limit-advice';
import { LIMIT_HEADROOM, limitBudget } from '../limits/limit-budget';
import { readStackLimitsFrom } from '../limits/stack-limits';
import { REPO_COMPOSE_FILE } from '../orchestrate/compose';
import { loadScenario } from '../scenario/load-scenario';
import { stackCredentials } from '../setup/credentials';
import { readDotEnv, stackEnvFile } from '../setup/dot-env';
import { runCli } from './run-cli';

const PROJECT = path.resolve(__dirname, '..', '..');
const USAGE = `nx run load-test [-- options]: how much the stack takes, with the best driver available.

  --driver NAME     auto (default) | k6 | compose-k6 | node
                    auto: k6 from PATH, else the compose stack's k6 service (--profile load-test)
                    when its image is present, else the npm-only driver (node)
  --profile NAME    capacity (default, or $PROFILE) | smoke | steady
  --duration S      seconds of each step of the capacity ramp (default 20), or of a constant run
  --max-rate N      capacity: the highest step, journeys/s (the stack's limits may cap it lower)
  --rate N          constant profiles: journeys/s
Anything else goes to the npm-only driver (node dist/cli/node-driver.js --help).
BASE_URL (default http://127.0.0.1:8080, the compose stack's nginx) picks the target; the
stack's limits and the superadmin password come from the environment, the stack's env file
(STACK_ENV_FILE, default the repo's .env) or, for the password, the running compose stack.
Writes results/<timestamp>/: run.json (node), or k6-summary.json, capacity.json and k6's HTML
report k6-report.html (k6). Exits 0 when the run passed: for capacity, when it found one.`;

const succeeds = (file: string, args: string[]) => spawnSync(file, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;

/** The k6 image compose would use for its k6 service, if it is on this host already. */
function composeK6Image(): string | undefined {
    const listed = spawnSync('docker', ['compose', '-f', REPO_COMPOSE_FILE, '--profile', 'load-test', 'config', '--images'], {
        encoding: 'utf8',
        timeout: 30_000,
    });
    const image = listed.status === 0 ? listed.stdout.split('\n').find(line => /k6/.test(line)) : undefined;
    return image && succeeds('docker', ['image', 'inspect', image.trim()]) ? image.trim() : undefined;
}

/** Nx forwards options as --flag=value; by hand people type --flag value. Removes what it takes. */
function take(args: string[], flag: string): string | undefined {
    const joined = args.findIndex(arg => arg.startsWith(`${flag}=`));
    if (joined !== -1) {
        return args.splice(joined, 1)[0].slice(flag.length + 1);
    }
    const at = args.indexOf(flag);
    return at === -1 ? undefined : args.splice(at, 2)[1];
}

const readLimits = () => readStackLimitsFrom(process.env, readDotEnv(stackEnvFile()), REPO_COMPOSE_FILE);

/** What k6 needs to run the profile inside the stack's limits, as k6 reads it: environment variables. */
function k6Settings(profileName: string, options: { duration?: string; maxRate?: string; rate?: string }): Record<string, string> | string {
    const loaded = loadScenario();
    const profile = loaded.scenario.profiles[profileName];
    if (!profile) {
        return `no profile "${profileName}" (one of ${Object.keys(loaded.scenario.profiles).join(', ')})`;
    }
    const mix = chooseMix(loaded.scenario, process.env.JOURNEYS?.split(','));
    const limits = readLimits();
    const budget = limitBudget(limits, loaded.scenario, mix);
    const settings: Record<string, string> = { MAX_SHOP_VUS: String(budget.maxShopVUs) };
    if (profile.executor === 'capacity') {
        const plan = capacityPlan(profile, budget, limits, { maxRate: options.maxRate ? Number(options.maxRate) : undefined });
        console.log(`load-test: capacity ramp up to ${Math.round(plan.ceiling * 100) / 100} journeys/s (${plan.ceilingReason})`);
        return {
            ...settings,
            STEPS: rampRates(plan.startRate, plan.growth, plan.ceiling).join(','),
            STEP_DURATION: options.duration ? `${options.duration}s` : profile.stepDuration,
        };
    }
    const rate = options.rate ? Number(options.rate) : profile.rate;
    if (rate > budget.maxJourneysPerSecond && budget.bindingLimit) {
        return (
            `NOT STARTED: ${rate} journeys/s of this mix is more than ${Math.round(budget.maxJourneysPerSecond * 10) / 10} journeys/s, ` +
            `${Math.round(LIMIT_HEADROOM * 100)}% of ${describeLimit(budget.bindingLimit, limits)}. To raise it: ${howToRaise(budget.bindingLimit)}.`
        );
    }
    return { ...settings, RATE: String(rate), DURATION: options.duration ? `${options.duration}s` : profile.duration };
}

/** The capacity k6 found (capacity.json, written by k6/lib/summary.js): passed when there is one. */
function capacityPassed(file: string): boolean {
    if (!existsSync(file)) {
        console.error(`load-test: k6 wrote no ${file}`);
        return false;
    }
    const found = JSON.parse(readFileSync(file, 'utf8')) as { capacity: unknown; stoppedBy: string };
    return Boolean(found.capacity) && found.stoppedBy !== 'rate-limited';
}

async function main(): Promise<number> {
    const args = process.argv.slice(2);
    if (args.includes('--help')) {
        console.log(USAGE);
        return 0;
    }
    const requested = take(args, '--driver') ?? 'auto';
    const profile = take(args, '--profile') ?? process.env.PROFILE ?? 'capacity';
    const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const results = path.join(PROJECT, 'results', stamp);
    mkdirSync(results, { recursive: true });

    const driver =
        requested !== 'auto' ? requested : succeeds('k6', ['version']) ? 'k6' : composeK6Image() ? 'compose-k6' : 'node';
    console.log(`load-test: driver ${driver}, profile ${profile}, target ${driver === 'compose-k6' ? 'http://nginx (inside the stack)' : baseUrl}`);
    console.log(`results: ${results}`);

    if (driver === 'node') {
        const run = spawnSync(process.execPath, [path.join(__dirname, 'node-driver.js'), '--profile', profile, '--base-url', baseUrl, '--out', path.join(results, 'run.json'), ...args], {
            cwd: PROJECT,
            stdio: 'inherit',
        });
        if (run.error) {
            console.error(run.error.message);
            return 2;
        }
        return run.status ?? 1;
    }
    if (driver !== 'k6' && driver !== 'compose-k6') {
        console.error(`--driver: expected auto, k6, compose-k6 or node, got "${driver}"`);
        return 2;
    }
    const settings = k6Settings(profile, { duration: take(args, '--duration'), maxRate: take(args, '--max-rate'), rate: take(args, '--rate') });
    if (typeof settings === 'string') {
        console.error(settings);
        return 1;
    }
    if (args.length) {
        console.error(`load-test: k6 takes no other options (${args.join(' ')}); see k6/main.js for its environment`);
        return 2;
    }
    const credentials = await stackCredentials();
    // Paths as k6 sees them: on this host, or in the k6 container, where results/<stamp> is mounted at /results.
    const dir = driver === 'k6' ? results : '/results';
    // k6 reads all of these from its environment: secrets stay off the command line.
    const env: Record<string, string> = {
        ...settings,
        BASE_URL: baseUrl,
        PROFILE: profile,
        SUPERADMIN_USERNAME: credentials.adminUsername,
        SUPERADMIN_PASSWORD: credentials.adminPassword ?? '',
        LOADTEST_CUSTOMER_PASSWORD: credentials.customerPassword,
        SUMMARY_JSON: path.join(dir, 'k6-summary.json'),
        CAPACITY_JSON: path.join(dir, 'capacity.json'),
        // k6's own HTML report, written when the run ends; no dashboard server to wait on.
        K6_WEB_DASHBOARD: 'true',
        K6_WEB_DASHBOARD_PORT: '-1',
        K6_WEB_DASHBOARD_PERIOD: '5s',
        K6_WEB_DASHBOARD_EXPORT: path.join(dir, 'k6-report.html'),
    };
    let run;
    if (driver === 'k6') {
        run = spawnSync('k6', ['run', 'k6/main.js'], { cwd: PROJECT, stdio: 'inherit', env: { ...process.env, ...env } });
    } else {
        // The k6 image runs as its own user: it must be able to write the results here.
        chmodSync(results, 0o777);
        const envFile = stackEnvFile();
        const pass = Object.keys(env)
            .filter(name => name !== 'BASE_URL')
            .flatMap(name => ['-e', name]);
        // The service mounts load-tests/ read-only and has its own BASE_URL (nginx by service name).
        run = spawnSync(
            'docker',
            [
                'compose',
                '-f',
                REPO_COMPOSE_FILE,
                ...(existsSync(envFile) ? ['--env-file', envFile] : []),
                '--profile',
                'load-test',
                'run',
                '--rm',
                '-v',
                `${results}:/results`,
                ...pass,
                'k6',
                'run',
                '/load-tests/k6/main.js',
            ],
            { cwd: path.dirname(REPO_COMPOSE_FILE), stdio: 'inherit', env: { ...process.env, ...env } },
        );
    }
    if (run.error) {
        console.error(run.error.message);
        return 2;
    }
    console.log(`results: ${results} (k6-report.html: k6's HTML report)`);
    // k6's own lines name the variables; these add the values this stack has and how to raise them.
    const tripped = limitTripped(k6RateLimitsOf(path.join(results, 'k6-summary.json')), readLimits());
    for (const line of tripped) {
        console.log(line);
    }
    if (tripped.length) {
        return 1;
    }
    if (loadScenario().scenario.profiles[profile]?.executor === 'capacity') {
        // k6 exits 99 when the ramp ends on a broken step, which is how a capacity run ends.
        return capacityPassed(path.join(results, 'capacity.json')) ? 0 : 1;
    }
    return run.status === 0 ? 0 : 1;
}

runCli(main, 2);
