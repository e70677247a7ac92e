import { setTimeout as sleep } from 'node:timers/promises';

import type { INestApplicationContext } from '@nestjs/common';
import { ConfigService, type InspectableJobQueueStrategy, type JobQueueStrategy } from '@vendure/core';

export interface WaitOptions {
    timeoutMs: number;
    /** What the jobs do, for the progress lines. */
    what: string;
    log: (line: string) => void;
    pollMs?: number;
}

function inspectable(strategy: JobQueueStrategy): strategy is InspectableJobQueueStrategy {
    return typeof (strategy as Partial<InspectableJobQueueStrategy>).findMany === 'function';
}

/**
 * Waits until no job of `queues` is pending or running, asking the shop's own queue (BullMQ here,
 * the database queue elsewhere) through Vendure's job queue strategy: the jobs are the workers' to
 * run, this process only watches. Reports progress; fails after `timeoutMs`, naming what is left.
 */
export async function waitForJobs(app: INestApplicationContext, queues: string[], options: WaitOptions): Promise<void> {
    const strategy = app.get(ConfigService).jobQueueOptions.jobQueueStrategy;
    if (!inspectable(strategy)) {
        options.log(`catalogue: the job queue cannot be inspected; not waiting for the ${options.what}`);
        return;
    }
    const deadline = Date.now() + options.timeoutMs;
    let lastLine = '';
    let lastReport = 0;
    for (;;) {
        const { items, totalItems } = await strategy.findMany({
            take: 20,
            filter: { queueName: { in: queues }, isSettled: { eq: false } },
        });
        if (totalItems === 0) return;
        const running = items.filter(job => job.state === 'RUNNING');
        const line =
            `catalogue: waiting for the workers (${options.what}): ${totalItems} jobs left` +
            (running.length ? `, running: ${running.map(job => `${job.queueName} ${Math.round(job.progress)}%`).join(', ')}` : '');
        if (line !== lastLine && Date.now() - lastReport >= 2_000) {
            options.log(line);
            lastLine = line;
            lastReport = Date.now();
        }
        if (Date.now() > deadline) {
            throw new Error(`${totalItems} ${queues.join('/')} jobs still pending after ${Math.round(options.timeoutMs / 1000)} s: are the workers running?`);
        }
        await sleep(options.pollMs ?? 1_000);
    }
}
