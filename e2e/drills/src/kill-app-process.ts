import { docker } from '@vendure-scale/e2e-support';

/** SIGKILL to the app process pm2 runs: a crash inside the container, which pm2 must restart. */
export async function killAppProcess(containerId: string, pid: number): Promise<void> {
    // `kill` is a shell builtin: the slim image has no procps.
    await docker(['exec', containerId, 'sh', '-c', `kill -9 ${pid}`], { timeoutMs: 30_000 });
}
