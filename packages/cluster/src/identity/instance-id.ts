import os from 'node:os';

/** One name per process, so that logs and the balancer's choices can be traced to an instance. */
export function instanceId(configured?: string, pid = process.pid): string {
    return configured ?? `${os.hostname()}:${pid}`;
}
