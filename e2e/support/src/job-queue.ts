import type { ComposeProject } from './compose-project';
import type { GraphQLClient } from './graphql-client';

/**
 * What the stack's job queue did, read two ways: through the Admin API (Vendure's view of the
 * jobs) and from BullMQ's own keys in Redis (what the view does not show: how often a job started).
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

/** BullMQ's `ats`: how many times each job was started (a stalled job that ran again shows 2). */
export async function jobStarts(stack: ComposeProject, ids: string[], prefix = 'vendure'): Promise<Map<string, number>> {
    const keys = ids.map(id => `${prefix}:bull:vendure-job-queue:${id}`);
    // One EVAL rather than one exec per job.
    const script = `local r = {} for i, key in ipairs(KEYS) do r[i] = redis.call('HGET', key, 'ats') or '0' end return r`;
    const { stdout } = await stack.redisCli(['--raw', 'EVAL', script, String(keys.length), ...keys]);
    const values = stdout.split('\n').filter(line => line.trim() !== '');
    return new Map(ids.map((id, i) => [id, Number(values[i])]));
}
