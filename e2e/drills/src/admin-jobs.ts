import type { GraphQLClient } from '@vendure-scale/e2e-support';

/**
 * The Admin API calls the drills make around their request loop: enqueue jobs (a rename) and read
 * the jobs' states back.
 */
export interface JobView {
    id: string;
    queueName: string;
    state: string;
    createdAt: string;
    attempts: number;
}

/** Jobs created since `since` (ms), read through the Admin API from the BullMQ queue. */
export async function jobsSince(admin: GraphQLClient, since: number): Promise<JobView[]> {
    const { data } = await admin.request(`{ jobs(options: { take: 1000 }) { items { id queueName state createdAt attempts } } }`);
    return (data.jobs.items as JobView[]).filter(j => new Date(j.createdAt).getTime() >= since - 1_000);
}

/** Renames a product: Vendure enqueues one `update-search-index` job for it. */
export async function renameProduct(admin: GraphQLClient, id: string, name: string): Promise<void> {
    await admin.request(`mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { id } }`, {
        input: { id, translations: [{ languageCode: 'en', name }] },
    });
}
