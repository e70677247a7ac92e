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

/** Polls every 500 ms (2 of the Admin API's 20 r/s) until the queue is empty; throws after timeoutMs. */
async function waitUntilSettled(baseUrl: string, token: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; Date.now() < deadline && i < 100_000; i++) {
        if ((await unsettled(baseUrl, token)) === 0) {
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error(`jobs still unsettled after ${timeoutMs} ms`);
}

/**
 * Enqueues `rounds` x (every product) search-index jobs and times until the workers have settled
 * them all. Starts only once the queue is empty. The mutations go out at `ratePerSecond`, below
 * nginx's Admin API limit (20 r/s and a burst of 100 by default): a benchmark must not trip the
 * stack's own protection, and the workers drain slower than that anyway.
 */
export async function measureDrain(baseUrl: string, token: string, rounds: number, ratePerSecond = 15, timeoutMs = 600_000): Promise<DrainResult> {
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
    await Promise.all(
        ids.map(async (id, i) => {
            await new Promise(resolve => setTimeout(resolve, (i * 1000) / ratePerSecond));
            await postGraphql({ baseUrl, api: 'admin', token, query: touch, variables: { id } });
        }),
    );
    const enqueueMs = performance.now() - started;
    progress(`  enqueued ${ids.length} jobs in ${Math.round(enqueueMs)} ms; waiting for the drain`);
    await waitUntilSettled(baseUrl, token, timeoutMs);
    const drainMs = performance.now() - started;
    return { jobs: ids.length, enqueueMs: Math.round(enqueueMs), drainMs: Math.round(drainMs), jobsPerSecond: Math.round((ids.length / drainMs) * 10_000) / 10 };
}
