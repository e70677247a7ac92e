import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
    ComposeProject,
    containerOf,
    describeMachine,
    docker,
    GraphQLClient,
    jobsSince,
    jobStarts,
    pm2Processes,
    RequestLoop,
    run,
    writeStackEnv,
    type JobView,
    type LoopSummary,
    type RequestRecord,
    type StackEnv,
} from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { jobEvents, redisKeyExists } from '../src/bullmq-events';
import { writeResults, type DrillResult } from '../src/drill-report';
import { killAppProcess } from '../src/kill-app-process';
import { frontendAddress, nginxErrors } from '../src/nginx-log';
import { renameProduct } from '../src/rename-product';
import { assertServiceDns } from '../src/service-dns';

// The load: 6 lanes, each one request at a time with a 100 ms pause, about 40-50 requests a second
// on this 2-core machine, well below saturation, so that a failure is the drill's and not overload.
const CONCURRENCY = 6;
const SERVERS = 4;
/**
 * A client reconnects some time after Redis or Postgres answers again: ioredis retries with a
 * backoff capped at 2 s, and a request already waiting on the old connection needs its own round
 * trip. Failures that start within this much of the data service being back still count as
 * "while it was down"; a failure after it breaks the drill.
 */
const RECONNECT_SLACK_MS = 3_000;

let env: StackEnv;
let stack: ComposeProject;
let admin: GraphQLClient;
let customer: { email: string; password: string; token: string };
const results: DrillResult[] = [];
const suiteStartedAt = Date.now();

const short = (id: string) => id.slice(0, 12);
const seconds = (ms: number) => Math.round(ms / 100) / 10;

beforeAll(async () => {
    env = await writeStackEnv('drills');
    stack = new ComposeProject(env.file, { namePrefix: 'vs-drills' });
    await stack.compose(
        ['up', '--detach', '--build', '--scale', `server=${SERVERS}`, '--wait', '--wait-timeout', '600'],
        840_000,
    );
    admin = await new GraphQLClient(`${env.baseUrl}/admin-api`).login(env.superadmin.username, env.superadmin.password);
    customer = await createCustomer();
    console.info(`stack ${stack.name} up in ${seconds(Date.now() - suiteStartedAt)} s`);
});

afterAll(async () => {
    try {
        if (results.length) {
            const file = writeResults(results, await describeMachine(), (Date.now() - suiteStartedAt) / 1000);
            console.info(`drill results: ${file}`);
        }
    } finally {
        await stack?.down();
        // The env file holds the stack's secrets; the stack is gone, so is its reason to exist.
        if (env) {
            rmSync(path.dirname(env.file), { recursive: true, force: true });
        }
    }
});

async function createCustomer() {
    const email = `drill-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const { data: created } = await admin.request(
        `mutation ($input: CreateCustomerInput!, $password: String!) {
            createCustomer(input: $input, password: $password) { __typename ... on ErrorResult { message } }
        }`,
        { input: { emailAddress: email, firstName: 'Drill', lastName: 'Customer' }, password },
    );
    expect(created.createCustomer.__typename).toBe('Customer');
    const shop = await new GraphQLClient(`${env.baseUrl}/shop-api`).login(email, password);
    return { email, password, token: shop.token! };
}

/**
 * Half the lanes read the catalogue anonymously (Postgres), half read the customer's own session
 * (a bearer token looked up in the Redis session cache); the second kind fails if a session is lost.
 */
function startLoad(maxDurationMs = 240_000): RequestLoop {
    return new RequestLoop({
        url: `${env.baseUrl}/shop-api`,
        concurrency: CONCURRENCY,
        maxRequests: 30_000,
        maxDurationMs,
        pauseMs: 100,
        timeoutMs: 20_000,
        requests: [
            { query: `{ products(options: { take: 3 }) { items { id name } } }`, expect: d => d?.products?.items?.length === 3 },
            { query: `{ activeCustomer { emailAddress } }`, token: customer.token, expect: d => d?.activeCustomer?.emailAddress === customer.email },
        ],
    }).start();
}

/**
 * `docker compose pause worker`, retried: on a busy host the cgroup freezer can give up
 * ("unable to freeze") while a process is in the middle of a system call; it succeeds on a retry.
 */
async function pauseWorker(): Promise<void> {
    let last = '';
    for (let attempt = 0; attempt < 5; attempt++) {
        const result = await stack.tryCompose(['pause', 'worker']);
        if (result.code === 0) {
            return;
        }
        last = result.stderr;
        await stack.tryCompose(['unpause', 'worker']);
        await sleep(500);
    }
    throw new Error(`could not pause the worker: ${last}`);
}

/** Every drill starts from four healthy servers and one running, unpaused worker. */
async function ensureWholeStack(): Promise<void> {
    await stack.tryCompose(['unpause', 'worker']);
    const servers = await stack.running('server');
    const workers = await stack.running('worker');
    if (servers.length !== SERVERS || servers.some(s => s.Health !== 'healthy') || workers.length !== 1) {
        await stack.compose(
            ['up', '--detach', '--no-deps', '--no-recreate', '--scale', `server=${SERVERS}`, '--wait', '--wait-timeout', '300', 'server', 'worker'],
            360_000,
        );
    }
    await assertServiceDns((await stack.running('server'))[0].ID, ['postgres', 'redis']);
}

/** Waits (2 minutes at most) until an instance `instance` matches answered a request sent after `since`; resolves with when. */
function answeredBy(load: RequestLoop, since: number, instance: (name: string) => boolean, what: string): Promise<number> {
    return vi.waitFor(
        () => {
            const answer = load.answered.find(r => r.ok && r.startedAt >= since && r.instance && instance(r.instance));
            if (!answer) {
                throw new Error(`still waiting for ${what}`);
            }
            return answer.endedAt;
        },
        { timeout: 120_000, interval: 500 },
    );
}

function record(drill: string, summary: LoopSummary, faultAt: number, wholeAt: number, bound: string, notes: string): DrillResult {
    const lastFailure = Math.max(0, ...summary.failures.map(f => f.endedAt));
    const result = {
        drill,
        sent: summary.sent,
        failed: summary.failed,
        recoverySeconds: seconds(Math.max(wholeAt, lastFailure) - faultAt),
        bound,
        notes,
    };
    results.push(result);
    console.info(`${drill}: ${JSON.stringify(result)}`);
    if (summary.failures.length) {
        console.info('failures (ms after the fault):', summary.failures.map(f => describeFailure(f, faultAt)));
    }
    return result;
}

const describeFailure = (f: RequestRecord, faultAt: number) =>
    `${f.startedAt - faultAt}..${f.endedAt - faultAt} ${f.instance ?? ''} ${f.error}`;

/**
 * The bound of a kill: a SIGKILLed process's sockets close when the kernel has finished tearing it
 * down (for a Node process of a few hundred MB, a fraction of a second after kill(2) returns), and
 * connections the kernel accepted for it until then are in flight on it too. So every request that
 * fails must (a) fail in one burst, at that instant, shortly after the kill, (b) be one nginx sent
 * to the killed instance and to no other (its access log names the upstream), and (c) be at most
 * one per lane. Nothing may fail after the burst.
 */
async function expectOnlyInFlightFailures(summary: LoopSummary, killAt: number, victimAddress: string): Promise<string> {
    expect(summary.failed).toBeLessThanOrEqual(CONCURRENCY);
    if (summary.failed === 0) {
        return 'no request was in flight on it';
    }
    const burstAt = Math.min(...summary.failures.map(f => f.endedAt));
    const burst = summary.failures.filter(f => f.endedAt - burstAt <= 1_000 && f.startedAt <= burstAt);
    expect(summary.failures.map(f => describeFailure(f, killAt))).toEqual(burst.map(f => describeFailure(f, killAt)));
    expect(burstAt - killAt, 'ms from the kill to the failures').toBeLessThan(3_000);
    const made = await nginxErrors(stack, killAt);
    expect(made.map(l => `${l.status} ${l.upstream_addr}`)).toEqual(summary.failures.map(() => `502 ${victimAddress}`));
    return `${summary.failed} in flight on it, all failed ${burstAt - killAt} ms after the kill, 502 from ${victimAddress} in nginx's log`;
}

interface RestartSnapshot {
    container: string;
    restartCount: number;
    startedAt: string;
    pm2: Array<{ name: string; pid: number; restarts: number }>;
}

/** Docker's and pm2's restart counters for every server and worker: a reconnect changes neither. */
async function restartSnapshot(): Promise<RestartSnapshot[]> {
    const containers = [...(await stack.running('server')), ...(await stack.running('worker'))];
    return Promise.all(
        containers.map(async c => {
            const life = await stack.life(c.ID);
            const pm2 = (await pm2Processes(c.ID)).map(({ name, pid, restarts }) => ({ name, pid, restarts }));
            return { container: short(c.ID), restartCount: life.restartCount, startedAt: life.startedAt, pm2 };
        }),
    );
}

/** Waits (3 minutes at most) until at least `expected` jobs created since `since` are all COMPLETED. */
function waitForJobs(since: number, expected: number): Promise<JobView[]> {
    return vi.waitFor(
        async () => {
            const jobs = await jobsSince(admin, since);
            const done = jobs.filter(j => j.state === 'COMPLETED').length;
            if (jobs.length < expected || done < jobs.length) {
                throw new Error(`${done} of ${jobs.length} jobs completed, ${expected} expected at least`);
            }
            return jobs;
        },
        { timeout: 180_000, interval: 1_000 },
    );
}

async function expectEachCompletedOnce(jobs: JobView[], since: number): Promise<void> {
    const events = await jobEvents(stack, since - 1_000);
    for (const job of jobs) {
        expect(events.get(job.id), `events of job ${job.id}`).toMatchObject({ completed: 1, failed: 0 });
    }
}

describe.sequential('failure drills under load, through nginx', () => {
    it('1. docker stop (SIGTERM) of one of 4 servers: no request fails', async () => {
        await ensureWholeStack();
        const [victim] = await stack.running('server');
        const load = startLoad();
        let summary: LoopSummary;
        let faultAt = 0;
        let stoppedAt = 0;
        let wholeAt = 0;
        try {
            await sleep(3_000);
            faultAt = Date.now();
            // docker stop sends SIGTERM and waits for the stop_grace_period compose gave the container.
            await docker(['stop', victim.ID]);
            stoppedAt = Date.now();
            await sleep(2_000);
            await stack.scaleServers(SERVERS);
            wholeAt = await answeredBy(load, Date.now(), i => containerOf(i) === short(victim.ID), 'the restarted server to answer');
            await sleep(2_000);
        } finally {
            summary = await load.stop();
        }
        const duringDrain = summary.records.filter(r => r.ok && r.startedAt >= faultAt && r.endedAt <= stoppedAt && containerOf(r.instance ?? '') === short(victim.ID)).length;
        record('1. SIGTERM one of 4 servers (docker stop)', summary, faultAt, wholeAt, 'failed = 0',
            `stop took ${seconds(stoppedAt - faultAt)} s (drain); ${duringDrain} requests answered by the stopping server while it drained`);
        expect(summary.boundHit).toBe(false);
        expect(summary.failures.map(f => describeFailure(f, faultAt))).toEqual([]);
        expect((await stack.life(victim.ID)).restartCount).toBe(0);
    });

    it('2a. docker kill (SIGKILL) of one of 4 servers: only requests in flight at the kill fail', async () => {
        await ensureWholeStack();
        const victim = (await stack.running('server'))[1];
        const victimAddress = await frontendAddress(stack, victim.ID);
        const load = startLoad();
        let summary: LoopSummary;
        let killAt = 0;
        let wholeAt = 0;
        let afterKill = '';
        try {
            await sleep(3_000);
            killAt = Date.now();
            await docker(['kill', victim.ID], { timeoutMs: 30_000 });
            // Some seconds on three servers, so that requests after the kill are tested too.
            await sleep(5_000);
            const life = await stack.life(victim.ID);
            afterKill = `${life.status}, exit ${life.exitCode}, docker restarts ${life.restartCount}`;
            await stack.scaleServers(SERVERS);
            wholeAt = await answeredBy(load, Date.now(), i => containerOf(i) === short(victim.ID), 'the killed server to answer again');
            await sleep(2_000);
        } finally {
            summary = await load.stop();
        }
        const result = record('2a. SIGKILL one of 4 servers (docker kill)', summary, killAt, wholeAt,
            `failed ≤ ${CONCURRENCY}, only requests in flight on it at the kill`,
            `5 s after the kill: ${afterKill}; started again by compose up`);
        expect(summary.boundHit).toBe(false);
        result.notes += `; ${await expectOnlyInFlightFailures(summary, killAt, victimAddress)}`;
    });

    it('2b. a crash of the server process inside its container: pm2 restarts it, the container stays up', async () => {
        await ensureWholeStack();
        const victim = (await stack.running('server'))[2];
        const victimAddress = await frontendAddress(stack, victim.ID);
        const lifeBefore = await stack.life(victim.ID);
        const [before] = (await pm2Processes(victim.ID)).filter(p => p.name === 'vendure-server');
        const load = startLoad();
        let summary: LoopSummary;
        let crashAt = 0;
        let restartedAt = 0;
        let wholeAt = 0;
        let newPid = 0;
        try {
            await sleep(3_000);
            crashAt = Date.now();
            await killAppProcess(victim.ID, before.pid);
            const after = await vi.waitFor(
                async () => {
                    const [p] = (await pm2Processes(victim.ID)).filter(q => q.name === 'vendure-server');
                    if (p.status !== 'online' || p.pid === before.pid) {
                        throw new Error(`pm2 has not restarted the server process yet: pid ${p.pid}, ${p.status}`);
                    }
                    return p;
                },
                // Each check is a docker exec of about a second: the bound the 60 checks had.
                { timeout: 60_000, interval: 500 },
            );
            newPid = after.pid;
            restartedAt = Date.now();
            expect(after.restarts).toBe(before.restarts + 1);
            wholeAt = await answeredBy(load, crashAt, i => i === `${short(victim.ID)}:${newPid}`, 'the new server process to answer');
            // Docker's healthcheck may have failed its retries while the new process booted; the
            // next drill wants the container healthy again (compose up --wait fails on an unhealthy one).
            await stack.waitHealthy(victim.ID, 60_000);
            await sleep(2_000);
        } finally {
            summary = await load.stop();
        }
        const result = record('2b. SIGKILL the server process inside one container (pm2 restarts it)', summary, crashAt, wholeAt,
            `failed ≤ ${CONCURRENCY}, only requests in flight on it at the crash; same container`,
            `pid ${before.pid} → ${newPid} after ${seconds(restartedAt - crashAt)} s, container not restarted`);
        expect(summary.boundHit).toBe(false);
        result.notes += `; ${await expectOnlyInFlightFailures(summary, crashAt, victimAddress)}`;
        const lifeAfter = await stack.life(victim.ID);
        expect(lifeAfter).toMatchObject({ status: 'running', restartCount: lifeBefore.restartCount, startedAt: lifeBefore.startedAt });
    });

    it('3. SIGKILL of the worker in the middle of a batch of jobs: every job completes exactly once', async () => {
        await ensureWholeStack();
        const [worker] = await stack.running('worker');
        const word = `zq${randomBytes(5).toString('hex').replace(/[0-9]/g, c => 'abcdefghij'[Number(c)])}`;
        const products = Array.from({ length: 12 }, (_, i) => String(i + 2));
        const load = startLoad();
        let summary: LoopSummary;
        let killAt = 0;
        let wholeAt = 0;
        let runningAtKill: JobView[] = [];
        let jobs: JobView[] = [];
        const since = Date.now();
        try {
            // Paused, the worker cannot start the batch before it is all queued.
            await pauseWorker();
            try {
                await admin.request(`mutation { reindex { id } }`);
                for (const id of products) {
                    await renameProduct(admin, id, `Drill ${word} ${id}`);
                }
            } finally {
                await stack.compose(['unpause', 'worker']);
            }
            runningAtKill = await vi.waitFor(
                async () => {
                    const running = (await jobsSince(admin, since)).filter(j => j.state === 'RUNNING');
                    if (!running.length) {
                        throw new Error('no job of the batch is running yet');
                    }
                    return running;
                },
                { timeout: 20_000, interval: 100 },
            );
            killAt = Date.now();
            await docker(['kill', worker.ID], { timeoutMs: 30_000 });
            // The restart an orchestrator would do (docker kill counts as a manual stop).
            await stack.compose(['up', '--detach', '--no-deps', '--no-recreate', 'worker'], 120_000);
            // At least the reindex and one index job per product (collection-filter jobs come on top).
            jobs = await waitForJobs(since, products.length + 1);
            wholeAt = Date.now();
        } finally {
            summary = await load.stop();
        }
        const starts = await jobStarts(stack, jobs.map(j => j.id));
        const restarted = jobs.filter(j => (starts.get(j.id) ?? 0) > 1);
        record(`3. SIGKILL the worker during a batch of ${jobs.length} jobs`, summary, killAt, wholeAt,
            'every job COMPLETED, one `completed` event each; HTTP failed = 0',
            `${runningAtKill.length} running at the kill (${runningAtKill.map(j => j.queueName).join(', ')}), ${restarted.length} started again after the stall`);
        expect(summary.failures.map(f => describeFailure(f, killAt))).toEqual([]);
        expect(new Set(jobs.map(j => j.id)).size).toBe(jobs.length);
        await expectEachCompletedOnce(jobs, since);
        // The job that was running when its worker died was picked up again, not lost or failed.
        for (const job of runningAtKill) {
            expect(starts.get(job.id), `starts of job ${job.id}`).toBeGreaterThanOrEqual(2);
        }
        // And its effect is there once: each renamed product is in the index exactly once.
        const shop = new GraphQLClient(`${env.baseUrl}/shop-api`);
        const { data: found } = await shop.request(`query ($t: String!) { search(input: { term: $t, groupByProduct: true, take: 50 }) { items { productName } } }`, { t: word });
        expect(found.search.items.map((i: any) => i.productName).sort()).toEqual(products.map(id => `Drill ${word} ${id}`).sort());
    });

    it('4. Redis stopped and started: everything reconnects, queued jobs and sessions survive', async () => {
        await ensureWholeStack();
        const countersBefore = await restartSnapshot();
        const [redis] = await stack.running('redis');
        const probe = await new GraphQLClient(`${env.baseUrl}/shop-api`).login(customer.email, customer.password);
        const sessionKey = `vendure:cache:vendure-session-cache:${probe.token}`;
        expect(await redisKeyExists(stack, sessionKey)).toBe(true);
        const load = startLoad();
        let summary: LoopSummary;
        let downAt = 0;
        let upAt = 0;
        let wholeAt = 0;
        let queued: string[] = [];
        let sessionSurvived = false;
        const since = Date.now();
        try {
            await pauseWorker();
            for (const id of ['2', '3', '4', '5', '6', '7']) {
                await renameProduct(admin, id, `Redis drill ${id} ${since}`);
            }
            // The Admin API cannot list them now: Vendure indexes jobs for its job list in the
            // worker, which is paused. The queue's own event stream shows them, queued after each
            // mutation's transaction commits: one index job per product, and one collection-filter
            // job per burst of product changes on a server (Vendure debounces those by 50 ms), so
            // 7 to 12 in all. Taken once the count has held still for a poll.
            let previous = -1;
            queued = await vi.waitFor(
                async () => {
                    const waiting = [...(await jobEvents(stack, since))].filter(([, e]) => e.waiting > 0).map(([id]) => id);
                    const settled = waiting.length >= 7 && waiting.length === previous;
                    previous = waiting.length;
                    if (!settled) {
                        throw new Error(`${waiting.length} jobs queued, not yet at least 7 and holding still`);
                    }
                    return waiting;
                },
                // Each check is a docker compose exec of about a second: the bound the 30 checks had.
                { timeout: 45_000, interval: 500 },
            );
            await sleep(2_000);
            downAt = Date.now();
            await stack.compose(['stop', 'redis'], 60_000);
            // The worker now lives through the outage too.
            await stack.compose(['unpause', 'worker']);
            await sleep(5_000);
            await stack.compose(['start', 'redis'], 60_000);
            await stack.waitHealthy(redis.ID, 60_000);
            upAt = Date.now();
            // Read before anything uses that token again, so it cannot have been re-cached.
            sessionSurvived = await redisKeyExists(stack, sessionKey);
            await expect
                .poll(
                    async () => {
                        const events = await jobEvents(stack, since);
                        return queued.filter(id => !events.get(id)?.completed);
                    },
                    // Each check is a docker compose exec of about a second: the bound the 90 checks had.
                    { timeout: 180_000, interval: 1_000, message: 'queued jobs not completed yet' },
                )
                .toEqual([]);
            const servers = (await stack.running('server')).map(s => short(s.ID));
            await Promise.all(servers.map(id => answeredBy(load, upAt, i => containerOf(i) === id, `server ${id} to answer after Redis`)));
            wholeAt = Date.now();
            await sleep(2_000);
        } finally {
            await stack.tryCompose(['unpause', 'worker']);
            summary = await load.stop();
        }
        record('4. Redis stopped 5 s, then started', summary, downAt, wholeAt,
            `failures only from the stop until ${RECONNECT_SLACK_MS / 1000} s after Redis answers; no restarts`,
            `down ${seconds(upAt - downAt)} s; ${queued.length} queued jobs each completed once; cached session ${sessionSurvived ? 'survived' : 'LOST'}`);
        expect(summary.boundHit).toBe(false);
        const outside = summary.failures.filter(f => f.endedAt < downAt || f.startedAt > upAt + RECONNECT_SLACK_MS);
        expect(outside.map(f => describeFailure(f, downAt))).toEqual([]);
        expect(sessionSurvived).toBe(true);
        expect((await probe.request(`{ activeCustomer { emailAddress } }`)).data.activeCustomer?.emailAddress).toBe(customer.email);
        const events = await jobEvents(stack, since);
        expect(queued.map(id => ({ id, ...events.get(id) }))).toEqual(
            queued.map(id => expect.objectContaining({ id, completed: 1, failed: 0 })),
        );
        expect(await restartSnapshot()).toEqual(countersBefore);
    });

    it('5. Postgres restarted: servers reconnect without restarting, no crash loop', async () => {
        await ensureWholeStack();
        const countersBefore = await restartSnapshot();
        const [postgres] = await stack.running('postgres');
        const load = startLoad();
        let summary: LoopSummary;
        let downAt = 0;
        let upAt = 0;
        let wholeAt = 0;
        try {
            await sleep(3_000);
            downAt = Date.now();
            await stack.compose(['restart', 'postgres'], 120_000);
            await stack.waitHealthy(postgres.ID, 60_000);
            upAt = Date.now();
            const servers = (await stack.running('server')).map(s => short(s.ID));
            const answers = await Promise.all(servers.map(id => answeredBy(load, upAt, i => containerOf(i) === id, `server ${id} to answer after Postgres`)));
            wholeAt = Math.max(...answers);
            // Long enough for a crash loop to show in the counters.
            await sleep(10_000);
        } finally {
            summary = await load.stop();
        }
        record('5. Postgres restarted', summary, downAt, wholeAt,
            `failures only from the stop until ${RECONNECT_SLACK_MS / 1000} s after Postgres answers; no restarts`,
            `down ${seconds(upAt - downAt)} s (restart + healthcheck)`);
        expect(summary.boundHit).toBe(false);
        const outside = summary.failures.filter(f => f.endedAt < downAt || f.startedAt > upAt + RECONNECT_SLACK_MS);
        expect(outside.map(f => describeFailure(f, downAt))).toEqual([]);
        expect(await restartSnapshot()).toEqual(countersBefore);
    });

    it('6. rolling restart of all 4 servers with scripts/rolling-restart.sh: no request fails', async () => {
        await ensureWholeStack();
        const old = (await stack.running('server')).map(s => s.ID);
        const load = startLoad(420_000);
        let summary: LoopSummary;
        let startAt = 0;
        let wholeAt = 0;
        let script = { code: -1, stdout: '', stderr: '' };
        try {
            await sleep(3_000);
            startAt = Date.now();
            script = await run('scripts/rolling-restart.sh', ['server'], 900_000, { env: stack.composeEnv });
            const fresh = (await stack.running('server')).map(s => short(s.ID));
            await Promise.all(fresh.map(id => answeredBy(load, startAt, i => containerOf(i) === id, `new server ${id} to answer`)));
            wholeAt = Date.now();
            await sleep(2_000);
        } finally {
            summary = await load.stop();
        }
        console.info(script.stdout, script.stderr);
        record('6. rolling restart of 4 servers (scripts/rolling-restart.sh)', summary, startAt, wholeAt, 'failed = 0',
            `script ran ${seconds(wholeAt - startAt)} s, one server at a time`);
        expect(script.code).toBe(0);
        expect(summary.boundHit).toBe(false);
        expect(summary.failures.map(f => describeFailure(f, startAt))).toEqual([]);
        const now = await stack.running('server');
        expect(now).toHaveLength(SERVERS);
        expect(now.every(s => s.Health === 'healthy' && !old.includes(s.ID))).toBe(true);
    }, 600_000);

    it('7. scale in from 4 servers to 1 under load: no request fails', async () => {
        await ensureWholeStack();
        const load = startLoad();
        let summary: LoopSummary;
        let startAt = 0;
        let scaledAt = 0;
        let wholeAt = 0;
        let remaining: string[] = [];
        try {
            await sleep(3_000);
            startAt = Date.now();
            await stack.compose(['up', '--detach', '--no-deps', '--no-recreate', '--scale', 'server=1', 'server'], 180_000);
            scaledAt = Date.now();
            remaining = (await stack.running('server')).map(s => short(s.ID));
            // Past nginx's resolver validity (5 s): only the remaining server can still be chosen.
            await sleep(8_000);
        } finally {
            summary = await load.stop();
        }
        const byRemoved = summary.records.filter(r => r.ok && r.instance && !remaining.includes(containerOf(r.instance)));
        wholeAt = Math.max(scaledAt, ...byRemoved.map(r => r.endedAt));
        record('7. scale in 4 → 1 servers (compose up --scale server=1)', summary, startAt, wholeAt, 'failed = 0',
            `compose took ${seconds(scaledAt - startAt)} s; last answer from a removed server ${seconds(wholeAt - startAt)} s after the start`);
        expect(remaining).toHaveLength(1);
        expect(summary.boundHit).toBe(false);
        expect(summary.failures.map(f => describeFailure(f, startAt))).toEqual([]);
        expect(summary.records.filter(r => r.startedAt > scaledAt + 6_000).every(r => containerOf(r.instance ?? '') === remaining[0])).toBe(true);
    });
});
