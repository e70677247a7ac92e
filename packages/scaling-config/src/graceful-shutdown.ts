import type { Server, ServerResponse } from 'node:http';

export interface ShutdownOptions {
    /** Keep serving (with `Connection: close`) this long first, so the balancer moves away. */
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
 * SIGTERM/SIGINT → drain → close. Without it a rolling restart drops requests: the process would
 * exit with requests in flight, or keep-alive connections the balancer still reuses.
 * `closeApp` closes Postgres, Redis and the job queue.
 */
export function installGracefulShutdown(
    closeApp: () => Promise<void>,
    options: ShutdownOptions,
    server?: Server,
): void {
    let shuttingDown = false;
    // Responses still being worked on when SIGTERM comes must close their connection too: left
    // open, the balancer would pool it and could send a request on it just as it is swept.
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
        // Every answer from now on tells the balancer not to reuse this connection.
        server?.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
        for (const res of unanswered) {
            if (!res.headersSent) res.setHeader('Connection', 'close');
        }
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
            // Closing the listener resets the connections still queued in it, requests already sent
            // (a 502 nginx must not retry for a POST). Right after the poll phase the queue holds
            // only what arrived since libuv last accepted: as little as it ever does.
            await new Promise(resolve => setImmediate(resolve));
            // Kept referenced: with the app closed nothing else may hold the process open.
            lingered = new Promise(resolve => setTimeout(resolve, lingerMs));
            // Stops accepting; resolves once every connection is gone. Idle keep-alive connections
            // would hold it open for the whole keep-alive timeout, so they are swept as they appear
            // (Node counts a connection whose first request has not arrived yet as busy, not idle).
            await new Promise<void>(resolve => {
                const sweep = setInterval(() => server.closeIdleConnections(), 100);
                server.close(() => {
                    clearInterval(sweep);
                    resolve();
                });
            });
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
