import { mustRun } from '@vendure-scale/e2e-support';

export interface Pm2Process {
    name: string;
    pid: number;
    status: string;
    /** pm2's own count of restarts of this process since the container started. */
    restarts: number;
}

/**
 * The processes pm2-runtime runs inside one container, read with `pm2 jlist` (it talks to the
 * container's pm2 daemon), so that a drill can tell a pm2 restart from a container restart.
 */
export async function pm2Processes(containerId: string): Promise<Pm2Process[]> {
    const { stdout } = await mustRun('docker', ['exec', containerId, 'pm2', 'jlist'], 30_000);
    // pm2 may print notices before the JSON; the list is the last line that starts with '['.
    const json = stdout
        .split('\n')
        .reverse()
        .find(line => line.startsWith('['));
    if (!json) {
        throw new Error(`pm2 jlist in ${containerId.slice(0, 12)} printed no list: ${stdout.slice(0, 300)}`);
    }
    return (JSON.parse(json) as any[]).map(p => ({
        name: p.name,
        pid: p.pid,
        status: p.pm2_env?.status,
        restarts: p.pm2_env?.restart_time ?? 0,
    }));
}

/** SIGKILL to the app process pm2 runs: a crash inside the container, which pm2 must restart. */
export async function killAppProcess(containerId: string, pid: number): Promise<void> {
    // `kill` is a shell builtin: the slim image has no procps.
    await mustRun('docker', ['exec', containerId, 'sh', '-c', `kill -9 ${pid}`], 30_000);
}
