import type { Type } from '@vendure/core';
import { BullMQJobQueuePlugin } from '@vendure/job-queue-plugin/package/bullmq';

import type { ClusterOptions } from '../cluster-options';
import { redisOptions, redisPrefix } from './redis-connection';

/**
 * The queue every worker drains: BullMQ on Redis, as a part of ClusterPlugin. The database queue
 * (`jobQueue: 'database'`) is the app's own DefaultJobQueuePlugin with its buffer in Postgres,
 * which the guard checks. Servers only enqueue: Vendure processes jobs only where
 * `startJobQueue()` is called, which only the worker role does.
 */
export function jobQueuePlugins(options: ClusterOptions): Array<Type<unknown>> {
    if (options.jobQueue === 'database') {
        return [];
    }
    // BullMQ builds its key names from `prefix`; queue and worker must agree or jobs are never seen.
    const prefix = `${redisPrefix(options.redis)}:bull`;
    return [
        BullMQJobQueuePlugin.init({
            connection: redisOptions(options.redis),
            queueOptions: { prefix },
            workerOptions: { prefix },
        }),
    ];
}
