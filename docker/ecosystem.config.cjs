// pm2 process file, read by pm2-runtime in the image and usable as is on a VPS:
//   set -a; . ./.env; set +a            # the apps read their settings from the environment
//   npx pm2 start docker/ecosystem.config.cjs [--only vendure-server|vendure-worker]
// pm2 ignores `-i` once a process file is given, so process counts come from the environment.
'use strict';

const os = require('node:os');
const path = require('node:path');

const { killTimeoutMs } = require('@vendure-scale/cluster/dist/roles/timing-contract');

const { containerMemoryLimit, heapLimitArgs, processesSharingMemory } = require('./heap-limit.cjs');

const root = path.join(__dirname, '..');

function count(name, fallback) {
    const value = Number.parseInt(process.env[name] ?? '', 10);
    return Number.isInteger(value) && value > 0 ? value : fallback;
}

// pm2's default of 1.6 s would SIGKILL an app in the middle of its drain, so pm2 waits for the
// app's own deadline plus a margin, as the timing contract says.
function killTimeout(drainDelayMs, lingerMs) {
    return killTimeoutMs({ drainDelayMs, graceMs: count('SHUTDOWN_GRACE_MS', 10_000), lingerMs });
}

const serverProcesses = count('SERVER_PROCESSES', 1);
const workerProcesses = count('WORKER_PROCESSES', 1);

// Each process's V8 heap is bounded by its share of the container's memory (see heap-limit.cjs);
// outside a memory-limited cgroup Node keeps its default.
const nodeArgs = heapLimitArgs({
    memoryLimitBytes: containerMemoryLimit(),
    totalMemoryBytes: os.totalmem(),
    processes: processesSharingMemory({ role: process.env.ROLE, serverProcesses, workerProcesses }),
    nodeOptions: process.env.NODE_OPTIONS,
});

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
            node_args: nodeArgs,
            kill_timeout: killTimeout(count('SHUTDOWN_DRAIN_DELAY_MS', 0), count('SHUTDOWN_LINGER_MS', 0)),
            exp_backoff_restart_delay: 200,
            merge_logs: true,
        },
        {
            name: 'vendure-worker',
            script: path.join(root, 'apps/worker/dist/main.js'),
            cwd: root,
            exec_mode: 'fork',
            instances: workerProcesses,
            node_args: nodeArgs,
            // Each worker process gets its own health port: 3020, 3021, …
            increment_var: 'WORKER_HEALTH_PORT',
            env: { WORKER_HEALTH_PORT: String(count('WORKER_HEALTH_PORT', 3020)) },
            // Workers do not drain (no balancer in front); they only finish their running jobs.
            kill_timeout: killTimeout(0, 0),
            exp_backoff_restart_delay: 200,
            merge_logs: true,
        },
    ],
};
