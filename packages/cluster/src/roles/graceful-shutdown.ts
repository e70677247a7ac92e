import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';

import { SWEEP_IDLE_AFTER_MS } from './timing-contract';

export interface ShutdownOptions {
    /**
     * Keep serving normally this long first: where the balancer learns of the stop from DNS
     * (Swarm, Kubernetes), it has moved away and let its idle connections go by then.
     */
    drainDelayMs: number;
    /** Then at most this long for in-flight requests and the app's own close. */
    graceMs: number;
    /**
     * Stay alive at least this long after the listener closed, refusing connections. A balancer
     * that still has this address (Docker's DNS keeps a container until it exits) then gets an
     * instant refusal, marks the replica failed and retries elsewhere, instead of timing out
     * against an address that vanished with the container. 0 = exit as soon as closed.
     */
    lingerMs?: number;
    log: (message: string) => void;
}

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms).unref());

/**
 * SIGTERM/SIGINT → drain → close → linger. Without it a rolling restart drops requests: the
 * process would exit with requests in flight, or cut connections the balancer is sending on.
 * `closeApp` closes Postgres, Redis and the job queue.
 */
export function installGracefulShutdown(
    closeApp: () => Promise<void>,
    options: ShutdownOptions,
    server?: Server,
): void {
    let shuttingDown = false;
    const unanswered = new Set<ServerResponse>();
    server?.on('request', (_req, res: ServerResponse) => {
        unanswered.add(res);
        res.on('close', () => unanswered.delete(res));
    });

    const shutdown = async (signal: NodeJS.Signals) => {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        const lingerMs = options.lingerMs ?? 0;
        options.log(
            `${signal} received: draining (delay ${options.drainDelayMs} ms, grace ${options.graceMs} ms, linger ${lingerMs} ms)`,
        );
        const deadline = setTimeout(() => {
            options.log(`grace period of ${options.graceMs} ms exceeded: exiting with work unfinished`);
            server?.closeAllConnections();
            process.exit(1);
        }, options.drainDelayMs + options.graceMs + lingerMs);
        deadline.unref();

        await sleep(options.drainDelayMs);
        let lingered: Promise<void> = Promise.resolve();
        if (server) {
            // Kept referenced: with the app closed nothing else may hold the process open.
            lingered = new Promise(resolve => setTimeout(resolve, lingerMs));
            await closeGently(server, unanswered);
        }
        try {
            await closeApp();
            await lingered;
            options.log('shut down cleanly');
            process.exit(0);
        } catch (error) {
            options.log(`error while closing: ${(error as Error).message}`);
            process.exit(1);
        }
    };

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        // Nest's own shutdown hooks would close the database before in-flight requests finish.
        process.removeAllListeners(signal);
        process.on(signal, () => void shutdown(signal));
    }
}

/**
 * Stops accepting, and resolves once every connection is gone, without cutting a request on its
 * way in (for a POST nginx may not retry, that is a 502):
 * - closing the listener resets what the kernel queued for it, so that happens right after
 *   libuv's poll phase accepted, when the queue is as short as it gets;
 * - a connection stays open until its next answer, which says `Connection: close` (answers still
 *   being worked on included); an idle one is the balancer's to close, since it may be sending on
 *   it this very moment, and only one still idle after SWEEP_IDLE_AFTER_MS is closed here.
 */
async function closeGently(server: Server, unanswered: Set<ServerResponse>): Promise<void> {
    await new Promise(resolve => setImmediate(resolve));
    server.prependListener('request', (_req, res: ServerResponse) => res.setHeader('Connection', 'close'));
    for (const res of unanswered) {
        if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    await new Promise<void>(resolve => {
        let sweep: NodeJS.Timeout | undefined;
        const firstSweep = setTimeout(() => {
            server.closeIdleConnections();
            sweep = setInterval(() => server.closeIdleConnections(), 100);
        }, SWEEP_IDLE_AFTER_MS);
        // net's close, not http's: http.Server#close also closes every idle connection at once.
        net.Server.prototype.close.call(server, () => {
            clearTimeout(firstSweep);
            clearInterval(sweep);
            resolve();
        });
    });
}
