import { setTimeout as sleep } from 'node:timers/promises';

import { underLoad, type ComposeProject, type RequestRecord, type StackEnv } from '@vendure-scale/e2e-support';

import { probeLoopOptions, probesBetween } from './probe-loop';
import { limiterKeyCount, restartsBetween, serverState, type ServerState } from './stack-health';
import type { Answer } from './timed-request';

export interface AttackTarget {
    env: StackEnv;
    stack: ComposeProject;
}

/** One attack, measured: its answers, the probes beside it, and what it left in the stack. */
export interface AttackMeasurement {
    attack: string;
    answers: Answer[];
    probesBefore: RequestRecord[];
    probesDuring: RequestRecord[];
    /** Server process restarts from just before the baseline to just after the attack. */
    restarts: number;
    /** "heap out of memory" lines the servers logged in that time. */
    heapOutOfMemoryLines: number;
    /** Limiter keys in Redis after the attack (the previous attack's were deleted). */
    limiterKeys: number;
    before: ServerState;
    after: ServerState;
}

/** The baseline: probes alone, right before each attack, after a second of warm-up. */
const BASELINE_MS = 5_000;
const WARM_UP_MS = 1_000;
/**
 * "During" lasts at least this long from the attack's first request: a burst answered in half a
 * second leaves too few probes for a p95, and what it set off may outlast its last answer.
 */
const MIN_DURING_MS = 3_000;
/** A crash takes a moment to show in pm2's count; a fixed wait, since nothing says "no crash". */
const SETTLE_MS = 3_000;

/**
 * Runs `attack` while a probe loop of ordinary Shop API traffic (probe-loop.ts) runs from the same
 * host, and measures the servers before and after: probes alone for a baseline, then the attack
 * (and the rest of `MIN_DURING_MS` after a short one).
 */
export async function underProbes(target: AttackTarget, attack: string, send: () => Promise<Answer[]>): Promise<AttackMeasurement> {
    const before = await serverState(target.stack);
    const { result, summary } = await underLoad(probeLoopOptions(`${target.env.baseUrl}/shop-api`), async () => {
        await sleep(WARM_UP_MS);
        const baselineFrom = Date.now();
        await sleep(BASELINE_MS);
        const attackFrom = Date.now();
        const answers = await send();
        await sleep(Math.max(0, attackFrom + MIN_DURING_MS - Date.now()));
        return { answers, baselineFrom, attackFrom, attackUntil: Date.now() };
    });
    await sleep(SETTLE_MS);
    const after = await serverState(target.stack);
    return {
        attack,
        answers: result.answers,
        probesBefore: probesBetween(summary.records, result.baselineFrom, result.attackFrom),
        probesDuring: probesBetween(summary.records, result.attackFrom, result.attackUntil),
        restarts: restartsBetween(before, after),
        heapOutOfMemoryLines: after.heapOutOfMemoryLines - before.heapOutOfMemoryLines,
        limiterKeys: await limiterKeyCount(target.stack),
        before,
        after,
    };
}
