import { pm2Processes, type ComposeProject } from '@vendure-scale/e2e-support';

/** One server container as seen from outside (Docker) and inside (pm2). */
export interface ServerContainerState {
    container: string;
    /** Docker's count of container restarts (restart: unless-stopped after a crash). */
    containerRestarts: number;
    /** pm2's count of app restarts inside the container (a crashed Node process). */
    pm2Restarts: number;
    pid: number;
    rssBytes: number;
    healthy: boolean;
}

/**
 * Every running server, through `docker inspect` and `pm2 jlist` in the container: a crash shows
 * as a restart count or a new pid, a leak as RSS.
 */
export async function serverContainerStates(stack: ComposeProject): Promise<ServerContainerState[]> {
    const containers = await stack.running('server');
    return Promise.all(
        containers.map(async c => {
            const inspected = await stack.inspect(c.ID);
            const app = (await pm2Processes(c.ID)).find(p => p.name === 'vendure-server');
            if (!app) {
                throw new Error(`no vendure-server in pm2 of ${c.Name}`);
            }
            return {
                container: c.Name,
                containerRestarts: inspected.RestartCount as number,
                pm2Restarts: app.restarts,
                pid: app.pid,
                rssBytes: app.memoryBytes,
                healthy: inspected.State.Health?.Status === 'healthy' && app.status === 'online',
            };
        }),
    );
}

export const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
