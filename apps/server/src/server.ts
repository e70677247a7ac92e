import type { Server } from 'node:http';

import { bootstrap, Logger, type VendureConfig } from '@vendure/core';
import { applyKeepAlive, installGracefulShutdown, type ScalingEnv } from '@vendure-scale/scaling-config';

import { checkConnectionBudget } from './connection-budget-check';

/** Starts one API instance; run as many as you like behind the balancer. */
export async function startServer(config: VendureConfig, env: ScalingEnv): Promise<void> {
    const app = await bootstrap(config);
    // Which framework answers is nobody's business but ours.
    app.getHttpAdapter().getInstance().disable('x-powered-by');
    await checkConnectionBudget(app, env);
    const server = app.getHttpServer() as Server;
    applyKeepAlive(server, env);
    installGracefulShutdown(
        () => app.close(),
        {
            drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS,
            graceMs: env.SHUTDOWN_GRACE_MS,
            lingerMs: env.SHUTDOWN_LINGER_MS,
            log: message => Logger.info(message, 'Shutdown'),
        },
        server,
    );
}
