import { DefaultJobQueuePlugin, type Type } from '@vendure/core';
import { BullMQJobQueuePlugin } from '@vendure/job-queue-plugin/package/bullmq';

import type { ScalingEnv } from './env';
import { redisOptions } from './redis-connection';

/**
 * The queue every worker drains. BullMQ on Redis by default; the database queue (polling, with its
 * job buffer in Postgres) is the fallback for a shop without Redis. Servers only enqueue: Vendure
 * starts job processing only where `startJobQueue()` is called, which only the worker does.
 */
export function jobQueuePlugin(env: ScalingEnv): Type<unknown> {
    if (env.JOB_QUEUE === 'database') {
        return DefaultJobQueuePlugin.init({ useDatabaseForBuffer: true });
    }
    // BullMQ builds its key names from `prefix`; queue and worker must agree or jobs are never seen.
    const prefix = `${env.REDIS_PREFIX}:bull`;
    return BullMQJobQueuePlugin.init({
        connection: redisOptions(env),
        queueOptions: { prefix },
        workerOptions: { prefix },
    });
}
