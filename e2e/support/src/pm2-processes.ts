import { docker } from './docker-cli';

/** One process pm2-runtime runs inside a container. */
export interface Pm2Process {
    name: string;
    pid: number;
    status: string;
    /** pm2's own count of restarts of this process since the container started. */
    restarts: number;
    /** Resident memory, as pm2 last sampled it. */
    memoryBytes: number;
}

/** Reads the output of `pm2 jlist`; `where` names the container in an error. */
export function parsePm2List(stdout: string, where: string): Pm2Process[] {
    // pm2 may print notices around the JSON, some of them starting with '[PM2]': the list is the
    // last line that is an array of objects, or empty.
    const json = stdout
        .split('\n')
        .map(line => line.trim())
        .reverse()
        .find(line => line.startsWith('[{') || line === '[]');
    if (!json) {
        throw new Error(`pm2 jlist in ${where} printed no list: ${stdout.slice(0, 300)}`);
    }
    return (JSON.parse(json) as any[]).map(p => ({
        name: p.name,
        pid: p.pid,
        status: p.pm2_env?.status,
        restarts: p.pm2_env?.restart_time ?? 0,
        memoryBytes: p.monit?.memory ?? 0,
    }));
}

/**
 * The processes pm2-runtime runs inside one container, read with `pm2 jlist` (it talks to the
 * container's pm2 daemon), so that a test can tell a pm2 restart from a container restart.
 */
export async function pm2Processes(containerId: string): Promise<Pm2Process[]> {
    const stdout = await docker(['exec', containerId, 'pm2', 'jlist'], { timeoutMs: 30_000 });
    return parsePm2List(stdout, containerId.slice(0, 12));
}
