import { bootstrapWorker, Logger, type VendureConfig } from '@vendure/core';
import { installGracefulShutdown, type ScalingEnv } from '@vendure-scale/scaling-config';

/**
 * Starts one job-queue worker. Every worker drains the same Redis queue; on SIGTERM the BullMQ
 * worker stops taking jobs and waits for the running ones (an unfinished job stalls and is handed
 * to another worker when the grace period runs out).
 */
export async function startWorker(config: VendureConfig, env: ScalingEnv): Promise<void> {
    const worker = await bootstrapWorker(config);
    await worker.startJobQueue();
    await worker.startHealthCheckServer({ port: env.WORKER_HEALTH_PORT, hostname: '0.0.0.0' });
    installGracefulShutdown(() => worker.app.close(), {
        drainDelayMs: 0,
        graceMs: env.SHUTDOWN_GRACE_MS,
        log: message => Logger.info(message, 'Shutdown'),
    });
}
