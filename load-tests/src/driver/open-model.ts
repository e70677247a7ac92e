import { setTimeout as sleep } from 'node:timers/promises';

import { mixShares } from '../scenario/mix';
import type { LoadedScenario, Scenario } from '../scenario/types';
import { Collector } from './collector';
import type { HttpClient } from './http-client';
import type { RunResult } from './run-result';
import type { VirtualUsers } from './virtual-users';

export interface ArrivalRun {
    baseUrl: string;
    loaded: LoadedScenario;
    /** Profile name, for the result. */
    profile: string;
    mix: Scenario['mix'];
    journeysPerSecond: number;
    durationS: number;
    users: VirtualUsers;
    http: HttpClient;
    timeoutMs?: number;
    /** How long iterations still running at the end may take to finish (k6's gracefulStop). */
    gracefulStopS?: number;
}

/**
 * k6's constant-arrival-rate, per journey of the mix: iterations start on schedule (rate x share,
 * evenly spaced) whether or not earlier ones have finished, each on an idle virtual user of its
 * journey; with none idle, the iteration is dropped and counted, as k6 does. An open model: a
 * slow answer does not slow the arrivals down, it shows as latency and, at worst, as drops.
 *
 * Hand-written because no driver on npm does this for multi-step journeys with sessions:
 * autocannon's rate is a closed model (each connection waits for its answer) that sends each
 * second's quota in a burst at the start of the second.
 */
export async function runArrivalRate(run: ArrivalRun): Promise<RunResult> {
    const collector = new Collector();
    const timeoutMs = run.timeoutMs ?? 10_000;
    const schedule = mixShares(run.mix)
        .map(({ journey, share }) => ({ journey, perSecond: run.journeysPerSecond * share, next: 0 }))
        .filter(entry => entry.perSecond > 0);
    const inFlight = new Set<Promise<void>>();
    let abandoned = false;
    const context = { http: run.http, collector, timeoutMs, abandoned: () => abandoned };

    const launch = (journey: string, lagMs: number) => {
        const user = run.users.acquire(journey);
        if (!user) {
            collector.droppedIteration();
            return;
        }
        collector.started(lagMs);
        const iteration: Promise<void> = user
            .iterate(context)
            .catch((error: Error) => collector.unanswered(`${journey}/?`, 0, `the driver failed: ${error.message}`))
            .finally(() => {
                run.users.release(user);
                inFlight.delete(iteration);
            });
        inFlight.add(iteration);
    };

    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const end = start + run.durationS * 1000;
    await new Promise<void>(resolve => {
        const tick = () => {
            const now = performance.now();
            let earliest = Number.POSITIVE_INFINITY;
            for (const entry of schedule) {
                // Bounded by the schedule itself: every pass moves `next` on, and `due` grows with it.
                for (;;) {
                    const due = start + (entry.next / entry.perSecond) * 1000;
                    if (due >= end) break;
                    if (due > now) {
                        earliest = Math.min(earliest, due);
                        break;
                    }
                    entry.next++;
                    launch(entry.journey, now - due);
                }
            }
            if (earliest === Number.POSITIVE_INFINITY) {
                resolve();
            } else {
                setTimeout(tick, Math.max(0, earliest - performance.now()));
            }
        };
        tick();
    });
    await sleep(Math.max(0, end - performance.now()));
    const stopWaiting = new AbortController();
    const graceful = sleep((run.gracefulStopS ?? 30) * 1000, undefined, { signal: stopWaiting.signal }).catch(() => undefined);
    await Promise.race([Promise.allSettled([...inFlight]), graceful]);
    stopWaiting.abort();
    abandoned = true;
    const cpu = process.cpuUsage(cpuBefore);
    return collector.result(
        {
            baseUrl: run.baseUrl,
            profile: run.profile,
            journeys: schedule.map(entry => entry.journey),
            offeredJourneysPerSecond: run.journeysPerSecond,
            maxVUs: run.users.total,
        },
        run.durationS,
        (cpu.user + cpu.system) / 1000,
    );
}
