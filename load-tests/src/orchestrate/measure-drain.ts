import { readFileSync } from 'node:fs';
import path from 'node:path';

import { postGraphql } from '../graphql/post-graphql';
import { progress } from './progress';

const DOCS = path.resolve(__dirname, '..', '..', 'graphql', 'admin');
const doc = (name: string) => readFileSync(path.join(DOCS, name), 'utf8');

export interface DrainResult {
    jobs: number;
    enqueueMs: number;
    /** From the first enqueue until no job is left unsettled. */
    drainMs: number;
    jobsPerSecond: number;
}

async function unsettled(baseUrl: string, token: string): Promise<number> {
    const { data } = await postGraphql<{ jobs: { totalItems: number } }>({ baseUrl, api: 'admin', token, query: doc('unsettled-jobs.graphql') });
    return data.jobs.totalItems;
}

/** Polls every 100 ms until the queue is empty; throws after timeoutMs. */
async function waitUntilSettled(baseUrl: string, token: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; Date.now() < deadline && i < 100_000; i++) {
        if ((await unsettled(baseUrl, token)) === 0) {
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`jobs still unsettled after ${timeoutMs} ms`);
}

/**
 * Enqueues `rounds` x (every product) search-index jobs, `concurrency` mutations at a time, and
 * times until the workers have settled them all. Starts only once the queue is empty.
 */
export async function measureDrain(baseUrl: string, token: string, rounds: number, concurrency = 8, timeoutMs = 600_000): Promise<DrainResult> {
    await waitUntilSettled(baseUrl, token, timeoutMs);
    const { data } = await postGraphql<{ products: { items: Array<{ id: string }> } }>({
        baseUrl,
        api: 'admin',
        token,
        query: doc('product-ids.graphql'),
        variables: { take: 100 },
    });
    const ids = Array.from({ length: rounds }, () => data.products.items.map(p => p.id)).flat();
    const touch = doc('touch-product.graphql');
    const started = performance.now();
    let next = 0;
    // A few parallel senders, so that enqueueing is short next to the drain it starts.
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (next < ids.length) {
                const id = ids[next++];
                await postGraphql({ baseUrl, api: 'admin', token, query: touch, variables: { id } });
            }
        }),
    );
    const enqueueMs = performance.now() - started;
    progress(`  enqueued ${ids.length} jobs in ${Math.round(enqueueMs)} ms; waiting for the drain`);
    await waitUntilSettled(baseUrl, token, timeoutMs);
    const drainMs = performance.now() - started;
    return { jobs: ids.length, enqueueMs: Math.round(enqueueMs), drainMs: Math.round(drainMs), jobsPerSecond: Math.round((ids.length / drainMs) * 10_000) / 10 };
}
