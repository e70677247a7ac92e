// The V8 heap limit of each pm2 process, derived from the memory its container may use, so that a
// process that outgrows its share fails with "JavaScript heap out of memory" (logged; pm2 restarts
// it) rather than the kernel killing the container's largest process without a word. Node's own
// default (about half the container's memory) does not know that pm2 runs several processes in it.
'use strict';

const MIB = 1024 * 1024;

/**
 * The share of a process's memory its old-space heap may fill. Beside the old space, a process
 * needs room for V8's young generation (48 MiB on Node 24, outside --max-old-space-size) and for
 * what is not heap at all: code, native memory, socket buffers (Vendure's modules alone, loaded,
 * are 137 MiB of RSS of which 57 MiB outside the heap; a server at rest measures 230-280 MiB of
 * RSS with pm2). The container also holds pm2-runtime (60 MiB measured) and its /tmp tmpfs (up to
 * 128 MiB of uploads in flight, charged to the same memory cgroup). At 0.55, a 768 MiB server gets
 * 422 MiB of old space, and 422 + 48 + ~80 + 60 + 128 = ~738 MiB stays below the limit. Node's own
 * default there is 384 MiB, so one process gains room while several no longer overcommit.
 */
const HEAP_FRACTION = 0.55;

/** pm2 processes that share one container's memory: ROLE picks the apps the entrypoint starts. */
function processesSharingMemory({ role, serverProcesses, workerProcesses }) {
    if (role === 'server') return serverProcesses;
    if (role === 'worker') return workerProcesses;
    // pm2 started by hand with both apps (docker/ecosystem.config.cjs on a VPS).
    return serverProcesses + workerProcesses;
}

/**
 * MiB of old space per process, or undefined where no memory limit applies: a cgroup without one
 * reads as a huge number (cgroup v1: 2^63 rounded to a page) or "max" (v2, which Node reports as
 * 2^64), and a limit at or above the machine's memory limits nothing.
 */
function heapLimitMiB({ memoryLimitBytes, totalMemoryBytes, processes, fraction = HEAP_FRACTION }) {
    if (!Number.isFinite(memoryLimitBytes) || memoryLimitBytes <= 0 || memoryLimitBytes >= totalMemoryBytes) {
        return undefined;
    }
    return Math.max(1, Math.floor((memoryLimitBytes / Math.max(1, processes) / MIB) * fraction));
}

/**
 * pm2's node_args for an app: the heap limit, unless NODE_OPTIONS sets one already (an operator's
 * own choice wins) or no limit applies (Node's default stays).
 */
function heapLimitArgs({ memoryLimitBytes, totalMemoryBytes, processes, nodeOptions = '' }) {
    if (/--max-old-space-size\b/.test(nodeOptions)) return [];
    const mib = heapLimitMiB({ memoryLimitBytes, totalMemoryBytes, processes });
    return mib === undefined ? [] : [`--max-old-space-size=${mib}`];
}

/**
 * The memory limit of this process's cgroup in bytes. Node reads it through libuv, from
 * memory.max (cgroup v2) or memory/memory.limit_in_bytes (v1), so neither is parsed here.
 */
function containerMemoryLimit() {
    return typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : undefined;
}

module.exports = { HEAP_FRACTION, processesSharingMemory, heapLimitMiB, heapLimitArgs, containerMemoryLimit };
