import type { Server } from 'node:http';

import { bootstrap, Logger, type VendureConfig } from '@vendure/core';

import type { ClusterEnv } from '../env/read-env';
import { checkConnectionBudget } from './connection-budget-check';
import { installGracefulShutdown } from './graceful-shutdown';
import { applyKeepAlive } from './http-keep-alive';

export type ServerSettings = Pick<
    ClusterEnv,
    | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'
    | 'SHUTDOWN_DRAIN_DELAY_MS'
    | 'SHUTDOWN_GRACE_MS'
    | 'SHUTDOWN_LINGER_MS'
    | 'DB_POOL_SIZE'
    | 'DB_CONNECTION_LIMIT'
    | 'MAX_SERVER_REPLICAS'
    | 'SERVER_PROCESSES'
    | 'MAX_WORKER_REPLICAS'
    | 'WORKER_PROCESSES'
>;

/** The server role: one API instance; run as many as you like behind the balancer. */
export async function startServer(config: VendureConfig, settings: ServerSettings): Promise<void> {
    const app = await bootstrap(config);
    // Which framework answers is nobody's business but ours.
    app.getHttpAdapter().getInstance().disable('x-powered-by');
    await checkConnectionBudget(app, settings);
    const server = app.getHttpServer() as Server;
    applyKeepAlive(server, settings);
    installGracefulShutdown(
        () => app.close(),
        {
            drainDelayMs: settings.SHUTDOWN_DRAIN_DELAY_MS,
            graceMs: settings.SHUTDOWN_GRACE_MS,
            lingerMs: settings.SHUTDOWN_LINGER_MS,
            log: message => Logger.info(message, 'Shutdown'),
        },
        server,
    );
}
