import { bootstrapWorker, Logger, type VendureConfig } from '@vendure/core';

import type { ClusterEnv } from '../env/read-env';
import { installGracefulShutdown } from './graceful-shutdown';

export type WorkerSettings = Pick<ClusterEnv, 'WORKER_HEALTH_PORT' | 'SHUTDOWN_GRACE_MS'>;

/**
 * The worker role: drains the shared queue and runs scheduled tasks. On SIGTERM the BullMQ worker
 * stops taking jobs and waits for the running ones (an unfinished job stalls and is handed to
 * another worker when the grace period runs out).
 */
export async function startWorker(config: VendureConfig, settings: WorkerSettings): Promise<void> {
    const worker = await bootstrapWorker(config);
    await worker.startJobQueue();
    await worker.startHealthCheckServer({ port: settings.WORKER_HEALTH_PORT, hostname: '0.0.0.0' });
    installGracefulShutdown(() => worker.app.close(), {
        drainDelayMs: 0,
        graceMs: settings.SHUTDOWN_GRACE_MS,
        log: message => Logger.info(message, 'Shutdown'),
    });
}
