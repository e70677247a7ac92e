import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { REPO_COMPOSE_FILE } from '../orchestrate/compose';
import { readCredentials } from '../setup/credentials';

const PROJECT = path.resolve(__dirname, '..', '..');
const USAGE = `nx run load-test [-- options]: the load test, with the best driver available.

  --driver NAME   auto (default) | k6 | compose-k6 | autocannon
                  auto: k6 from PATH, else the compose stack's k6 service (--profile load-test)
                  when its image is present, else the autocannon driver
  --profile NAME  smoke | steady | throughput | knee (default $PROFILE or throughput)
Anything else is passed to the autocannon driver (see --help of dist/cli/autocannon.js).
BASE_URL (default http://127.0.0.1:8080, the compose stack's nginx) picks the target.`;

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

function main(): number {
    const args = process.argv.slice(2);
    if (args.includes('--help')) {
        console.log(USAGE);
        return 0;
    }
    // Nx forwards options as --flag=value; by hand people type --flag value.
    const take = (flag: string): string | undefined => {
        const joined = args.findIndex(arg => arg.startsWith(`${flag}=`));
        if (joined !== -1) {
            return args.splice(joined, 1)[0].slice(flag.length + 1);
        }
        const at = args.indexOf(flag);
        return at === -1 ? undefined : args.splice(at, 2)[1];
    };
    const requested = take('--driver') ?? 'auto';
    const profile = take('--profile') ?? process.env.PROFILE ?? 'throughput';
    const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
    const credentials = readCredentials();
    // k6 reads these from its environment: secrets stay off the command line.
    const env = {
        ...process.env,
        BASE_URL: baseUrl,
        PROFILE: profile,
        SUPERADMIN_USERNAME: credentials.adminUsername,
        SUPERADMIN_PASSWORD: credentials.adminPassword ?? '',
        LOADTEST_CUSTOMER_PASSWORD: credentials.customerPassword,
    };
    const driver =
        requested !== 'auto'
            ? requested
            : succeeds('k6', ['version'])
              ? 'k6'
              : composeK6Image()
                ? 'compose-k6'
                : 'autocannon';
    console.log(`load-test: driver ${driver}, profile ${profile}, target ${driver === 'compose-k6' ? 'http://nginx (inside the stack)' : baseUrl}`);
    let run;
    if (driver === 'k6') {
        const summary = path.join('results', `k6-summary-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
        // handleSummary writes the file but does not create its directory.
        mkdirSync(path.join(PROJECT, 'results'), { recursive: true });
        run = spawnSync('k6', ['run', 'k6/main.js'], { cwd: PROJECT, stdio: 'inherit', env: { ...env, SUMMARY_JSON: summary } });
    } else if (driver === 'compose-k6') {
        // The service mounts load-tests/ read-only and has its own BASE_URL (nginx by service name).
        const pass = ['PROFILE', 'SUPERADMIN_USERNAME', 'SUPERADMIN_PASSWORD', 'LOADTEST_CUSTOMER_PASSWORD'].flatMap(name => ['-e', name]);
        run = spawnSync(
            'docker',
            ['compose', '-f', REPO_COMPOSE_FILE, '--profile', 'load-test', 'run', '--rm', ...pass, '-e', 'SUMMARY_JSON=/tmp/k6-summary.json', 'k6', 'run', '/load-tests/k6/main.js'],
            { cwd: path.dirname(REPO_COMPOSE_FILE), stdio: 'inherit', env },
        );
    } else if (driver === 'autocannon') {
        run = spawnSync(process.execPath, [path.join(__dirname, 'autocannon.js'), '--profile', profile, '--base-url', baseUrl, ...args], {
            cwd: PROJECT,
            stdio: 'inherit',
            env,
        });
    } else {
        console.error(`--driver: expected auto, k6, compose-k6 or autocannon, got "${driver}"`);
        return 2;
    }
    if (run.error) {
        console.error(run.error.message);
        return 2;
    }
    return run.status ?? 1;
}

process.exit(main());
