import type { ComposeProject } from '@vendure-scale/e2e-support';

import { serverContainerStates, type ServerContainerState } from '../server-container-state';

/** What an attack may have changed in the servers: their processes and their logs. */
export interface ServerState {
    processes: ServerContainerState[];
    /** Lines of every server's log so far that say V8 ran out of heap. */
    heapOutOfMemoryLines: number;
}

const HEAP_OUT_OF_MEMORY = /heap out of memory/gi;

export async function serverState(stack: ComposeProject): Promise<ServerState> {
    const [processes, log] = await Promise.all([serverContainerStates(stack), stack.logs('server')]);
    return { processes, heapOutOfMemoryLines: log.match(HEAP_OUT_OF_MEMORY)?.length ?? 0 };
}

/**
 * Restarts between two states, per container: pm2's restart count, Docker's, and a new pid that
 * neither counted (a container restart starts pm2 afresh, at 0). A container gone since counts too.
 */
export function restartsBetween(before: ServerState, after: ServerState): number {
    let restarts = 0;
    for (const was of before.processes) {
        const now = after.processes.find(p => p.container === was.container);
        if (!now) {
            restarts++;
            continue;
        }
        const counted = Math.max(0, now.pm2Restarts - was.pm2Restarts) + Math.max(0, now.containerRestarts - was.containerRestarts);
        restarts += Math.max(counted, now.pid === was.pid ? 0 : 1);
    }
    return restarts;
}

export const healthyServers = (state: ServerState) => state.processes.filter(p => p.healthy).length;

/**
 * Every login limiter key (packages/cluster/src/limits/redis-login-counter.ts: `loginLimitPrefix`,
 * under the stack's REDIS_PREFIX, `vendure` unless set).
 */
export const LIMITER_KEY_PATTERN = 'vendure:login-failures:*';

/** Every limiter key Redis holds now (SCAN, never KEYS: Redis keeps serving meanwhile). */
async function limiterKeys(stack: ComposeProject): Promise<string[]> {
    const { stdout } = await stack.redisCli(['--scan', '--pattern', LIMITER_KEY_PATTERN]);
    return stdout.split('\n').filter(key => key.trim());
}

export async function limiterKeyCount(stack: ComposeProject): Promise<number> {
    return (await limiterKeys(stack)).length;
}

/** Deletes every limiter key, so that what one attack counted locks no later test out. */
export async function deleteLimiterKeys(stack: ComposeProject): Promise<void> {
    const keys = await limiterKeys(stack);
    for (let i = 0; i < keys.length; i += 500) {
        await stack.redisCli(['UNLINK', ...keys.slice(i, i + 500)]);
    }
}
