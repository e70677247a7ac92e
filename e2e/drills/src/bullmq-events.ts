import type { ComposeProject } from '@vendure-scale/e2e-support';

/**
 * Counts, per job id, the `waiting`, `active`, `completed`, `failed` and `stalled` events BullMQ wrote to its
 * events stream since `sinceMs`. A job done exactly once shows one `completed`; a job picked up
 * again after its worker died shows a second `active` (and the job's `ats` counter says 2).
 */
export type JobEvents = Map<string, { waiting: number; active: number; completed: number; failed: number; stalled: number }>;

// One EVAL instead of paging XRANGE through redis-cli; it returns "event jobId" pairs.
const SCRIPT = `
local out = {}
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1], '+')) do
    local fields, event, id = entry[2], nil, nil
    for i = 1, #fields, 2 do
        if fields[i] == 'event' then event = fields[i + 1] elseif fields[i] == 'jobId' then id = fields[i + 1] end
    end
    if id and (event == 'waiting' or event == 'active' or event == 'completed' or event == 'failed' or event == 'stalled') then
        out[#out + 1] = event .. ' ' .. id
    end
end
return out`;

export async function jobEvents(stack: ComposeProject, sinceMs: number, prefix = 'vendure'): Promise<JobEvents> {
    const { stdout } = await stack.redisCli(['--raw', 'EVAL', SCRIPT, '1', `${prefix}:bull:vendure-job-queue:events`, `${sinceMs}-0`]);
    const events: JobEvents = new Map();
    for (const line of stdout.split('\n')) {
        const [event, id] = line.trim().split(' ');
        if (!id) {
            continue;
        }
        const counts = events.get(id) ?? { waiting: 0, active: 0, completed: 0, failed: 0, stalled: 0 };
        counts[event as keyof typeof counts]++;
        events.set(id, counts);
    }
    return events;
}

/** Whether a key survived in Redis (sessions live under `<prefix>:cache:vendure-session-cache:<token>`). */
export async function redisKeyExists(stack: ComposeProject, key: string): Promise<boolean> {
    return (await stack.redisCli(['--raw', 'EXISTS', key])).stdout.trim() === '1';
}
