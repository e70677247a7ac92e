// pm2 process file, read by pm2-runtime in the image and usable as is on a VPS:
//   set -a; . ./.env; set +a            # the apps read their settings from the environment
//   npx pm2 start docker/ecosystem.config.cjs [--only vendure-server|vendure-worker]
// pm2 ignores `-i` once a process file is given, so process counts come from the environment.
'use strict';

const path = require('node:path');

const root = path.join(__dirname, '..');

function count(name, fallback) {
    const value = Number.parseInt(process.env[name] ?? '', 10);
    return Number.isInteger(value) && value > 0 ? value : fallback;
}

// pm2's default of 1.6 s would SIGKILL an app in the middle of its drain, so pm2 waits for the
// app's own deadline (see SHUTDOWN_* in packages/scaling-config/src/env.ts) plus a margin.
function killTimeout(drainAndLingerMs) {
    return drainAndLingerMs + count('SHUTDOWN_GRACE_MS', 10_000) + 3_000;
}

const serverProcesses = count('SERVER_PROCESSES', 1);

module.exports = {
    apps: [
        {
            name: 'vendure-server',
            script: path.join(root, 'apps/server/dist/main.js'),
            cwd: root,
            // Cluster mode shares one port between the processes. Not `max`: pm2 would count the
            // host's cores, not the CPUs a container is allowed to use. One process runs in fork
            // mode and owns its socket, so that a stopping server refuses new connections (which
            // nginx retries elsewhere) instead of pm2's primary accepting them and then dropping
            // them once the last worker is gone (a 502 for a POST).
            exec_mode: serverProcesses > 1 ? 'cluster' : 'fork',
            instances: serverProcesses,
            kill_timeout: killTimeout(count('SHUTDOWN_DRAIN_DELAY_MS', 0) + count('SHUTDOWN_LINGER_MS', 0)),
            exp_backoff_restart_delay: 200,
            merge_logs: true,
        },
        {
            name: 'vendure-worker',
            script: path.join(root, 'apps/worker/dist/main.js'),
            cwd: root,
            exec_mode: 'fork',
            instances: count('WORKER_PROCESSES', 1),
            // Each worker process gets its own health port: 3020, 3021, …
            increment_var: 'WORKER_HEALTH_PORT',
            env: { WORKER_HEALTH_PORT: String(count('WORKER_HEALTH_PORT', 3020)) },
            // Workers do not drain (no balancer in front); they only finish their running jobs.
            kill_timeout: killTimeout(0),
            exp_backoff_restart_delay: 200,
            merge_logs: true,
        },
    ],
};
