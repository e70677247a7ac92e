import { setTimeout as sleep } from 'node:timers/promises';

import {
    containerOf,
    docker,
    GraphQLClient,
    lines,
    underLoad,
    type LoopOptions,
    type LoopSummary,
} from '@vendure-scale/e2e-support';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { buildImage, IMAGE, NEXT_IMAGE, removeNextTag } from '../src/image';
import { freeHostPort } from '../src/port';
import { requireDocker } from '../src/require-docker';
import { SwarmStack, type Task } from '../src/stack';
import { joinSwarm, leaveSwarm, type Membership } from '../src/swarm';

// Small on purpose: 2 cores run the whole stack, and the other suites may be running beside it.
const SERVERS = 2;
const SCALED_SERVERS = 3;

let built = false;
let membership: Membership | undefined;
// Set by step 0; every later step runs only after it passed (see beforeEach).
let stack!: SwarmStack;
/** The first step that failed: every later one builds on it, so only the clean-up still runs. */
let failedStep: string | undefined;
const CLEANUP_STEP = '5. docker stack rm and the clean-up leave nothing of the run behind';

beforeEach(({ task, onTestFailed }) => {
    if (failedStep && task.name !== CLEANUP_STEP) {
        throw new Error(`not run: an earlier step failed (${failedStep})`);
    }
    // While the stack is still there to look at: what each task did, and how the servers ended.
    onTestFailed(async () => {
        failedStep ??= task.name;
        if (!stack) {
            return;
        }
        console.error(`tasks of ${stack.name}:\n${await stack.describe().catch(e => String(e))}`);
        for (const service of ['nginx', 'server']) {
            console.error(`${service} logs (end):\n${(await stack.logs(service)).slice(-4000)}`);
        }
    });
});

afterAll(async () => {
    const problems: string[] = [];
    if (stack) {
        problems.push(...(await stack.remove()));
    }
    if (membership) {
        problems.push(...(await leaveSwarm(membership)));
    }
    if (built) {
        await removeNextTag().catch(error => problems.push(`remove ${NEXT_IMAGE}: ${error.message}`));
    }
    if (problems.length) {
        console.error(`clean-up left work undone:\n${problems.join('\n')}`);
    }
}, 300_000);

const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

/** A task's hostname, and so the container part of its instance name, is its container's short id. */
const taskContainer = (task: Task) => (task.Status.ContainerStatus?.ContainerID ?? '').slice(0, 12);

/**
 * A storefront query that reaches Postgres, sent as a POST: nginx never replays a POST it has sent
 * (proxy_next_upstream without non_idempotent), so every request a stopping server drops shows.
 */
const PRODUCTS = '{ products(options: { take: 1 }) { totalItems } }';
const shop = () => new GraphQLClient(`${stack.baseUrl}/shop-api`);

/** Two callers, paused between requests so the loop does not take the CPUs the booting tasks need. */
const load = (maxDurationMs: number): LoopOptions => ({
    url: `${stack.baseUrl}/shop-api`,
    concurrency: 2,
    pauseMs: 25,
    maxRequests: 20_000,
    maxDurationMs,
    timeoutMs: 15_000,
    requests: [{ query: PRODUCTS, expect: d => typeof d?.products?.totalItems === 'number' }],
});

/** Answers per instance (hostname:pid), from the loop's records. */
function perInstance(summary: LoopSummary): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { instance } of summary.records.filter(r => r.ok && r.instance)) {
        counts.set(instance!, (counts.get(instance!) ?? 0) + 1);
    }
    return counts;
}

const answeringContainers = (summary: LoopSummary) => new Set([...perInstance(summary).keys()].map(containerOf));

/** Containers of the service that still exist and run: a task that is draining counts until it exits. */
async function liveContainers(service: string): Promise<string[]> {
    const filter = `label=com.docker.swarm.service.name=${stack.service(service)}`;
    return lines(await docker(['ps', '--quiet', '--filter', filter, '--filter', 'status=running']));
}

function logSummary(what: string, summary: LoopSummary, extra = ''): void {
    console.info(
        `${what}: ${summary.sent} requests in ${Math.round(summary.durationMs / 1000)} s, ${summary.failed} failed${extra}; ` +
            `per instance ${JSON.stringify(Object.fromEntries(perInstance(summary)))}`,
    );
}

describe('deploy/swarm/stack.yaml on a single-node swarm', () => {
    // A test rather than a beforeAll: with no Docker here, the run must show a failure, not skips.
    it('0. builds the image, joins a single-node swarm and creates the secrets', async () => {
        await requireDocker();
        const started = Date.now();
        await buildImage();
        built = true;
        console.info(`image ${IMAGE} built in ${seconds(started)} s`);
        membership = await joinSwarm();
        console.info(membership.initialisedHere ? 'swarm initialised for this run' : 'reusing the swarm this engine already manages');
        stack = new SwarmStack({ image: IMAGE, httpPort: await freeHostPort(), serverTasks: SERVERS, workerTasks: 1 });
        await stack.createSecrets();
    }, 900_000);

    it('1. deploys: migrate job done, every service healthy, the schema migrated exactly once', async () => {
        const started = Date.now();
        await stack.deploy();
        await expect
            .poll(
                async () => {
                    const [servers, workers, nginx, migrate] = await Promise.all([
                        stack.runningTasks('server'),
                        stack.runningTasks('worker'),
                        stack.runningTasks('nginx'),
                        stack.tasks('migrate'),
                    ]);
                    const migrated = migrate.some(t => t.Status.State === 'complete');
                    return { servers: servers.length, workers: workers.length, nginx: nginx.length, migrated };
                },
                { timeout: 300_000, interval: 2_000 },
            )
            .toEqual({ servers: SERVERS, workers: 1, nginx: 1, migrated: true });
        // nginx resolves the servers every 5 s; its first answers may predate the healthy tasks.
        await vi.waitFor(() => shop().request(PRODUCTS), { timeout: 30_000, interval: 1_000 });
        console.info(`docker stack deploy to all healthy: ${seconds(started)} s`);

        // The migrate job and every server and worker task run the migrate role under one advisory
        // lock: whichever comes first migrates and initialises, every other finds nothing to do.
        // `docker service logs` of a finished job can lag behind it (once, the initialising line was
        // missing right after the deploy): read until it is in, then count.
        const readLogs = async () => (await Promise.all(['migrate', 'server', 'worker'].map(s => stack.logs(s)))).join('\n');
        const logs = await vi.waitFor(
            async () => {
                const text = await readLogs();
                if (!/Migrate\] database initialised/.test(text)) {
                    throw new Error('the logs hold no "database initialised" line yet');
                }
                return text;
            },
            { timeout: 30_000, interval: 2_000 },
        );
        expect(logs.match(/migrations applied: (?!none pending)/g)).toHaveLength(1);
        expect(logs.match(/Migrate\] database initialised/g)).toHaveLength(1);
        expect(logs.match(/migrations applied: none pending/g)?.length).toBeGreaterThanOrEqual(SERVERS + 1);
    });

    it('2. nginx spreads requests over every server task', async () => {
        const tasks = await stack.runningTasks('server');
        const expected = tasks.map(taskContainer).sort();
        const perHost = new Map<string, number>();
        const failures: string[] = [];
        // A task that turned healthy just before this step may be up to one resolver period (5 s)
        // away from nginx's upstream list, so requests go on in rounds until every task has
        // answered, for at most 20 s; every request of every round must succeed.
        const deadline = Date.now() + 20_000;
        do {
            await Promise.all(
                Array.from({ length: 2 }, async () => {
                    for (let i = 0; i < 20; i++) {
                        try {
                            const host = containerOf((await shop().request(PRODUCTS)).instance);
                            perHost.set(host, (perHost.get(host) ?? 0) + 1);
                        } catch (error) {
                            failures.push((error as Error).message);
                        }
                    }
                }),
            );
        } while (perHost.size < expected.length && Date.now() < deadline);
        console.info('requests per server task:', Object.fromEntries(perHost));
        expect(failures).toEqual([]);
        expect([...perHost.keys()].sort()).toEqual(expected);
    });

    it('2b. nginx runs with every template rendered, the Admin API limit included', async () => {
        const [container] = await liveContainers('nginx');
        // nginx -T prints the configuration it loaded, every included file with it.
        const config = await docker(['exec', container, 'nginx', '-T']);
        expect(config).toMatch(/limit_req_zone \$binary_remote_addr zone=admin_api:10m rate=20r\/s;/);
        expect(config).toMatch(/limit_req zone=admin_api burst=100 nodelay;/);
        // A variable envsubst did not replace (comments may name them).
        const directives = config.split('\n').filter(line => !line.trim().startsWith('#'));
        expect(directives.filter(line => line.includes('${NGINX_'))).toEqual([]);
    });

    it(`3. docker service scale ${SERVERS} → ${SCALED_SERVERS} → ${SERVERS} under a request loop: no request fails`, async () => {
        const { result: timings, summary } = await underLoad(load(330_000), async loop => {
            await sleep(2_000);
            let started = Date.now();
            await stack.scale('server', SCALED_SERVERS);
            const scaledUp = await vi.waitFor(
                async () => {
                    const tasks = await stack.runningTasks('server');
                    if (tasks.length !== SCALED_SERVERS) {
                        throw new Error(`${tasks.length} of ${SCALED_SERVERS} server tasks running`);
                    }
                    return tasks;
                },
                { timeout: 240_000, interval: 2_000 },
            );
            const up = seconds(started);
            // nginx picks the new tasks up at its next resolve (valid=5s).
            await expect
                .poll(
                    () => {
                        const seen = new Set(loop.answered.filter(r => r.ok && r.instance).map(r => containerOf(r.instance!)));
                        return scaledUp.map(taskContainer).filter(id => !seen.has(id));
                    },
                    { timeout: 30_000, interval: 1_000, message: 'new tasks no request has reached yet' },
                )
                .toEqual([]);

            started = Date.now();
            await stack.scale('server', SERVERS);
            // Until the removed tasks' containers have drained and exited, not just left DNS.
            await expect
                .poll(async () => (await liveContainers('server')).length, { timeout: 90_000, interval: 1_000 })
                .toBe(SERVERS);
            const down = seconds(started);
            // Requests in flight when the last container went are answered (or failed) by now.
            await sleep(3_000);
            return { up, down };
        });
        logSummary('scale', summary, ` (up to ${SCALED_SERVERS} healthy in ${timings.up} s, back to ${SERVERS} in ${timings.down} s)`);

        expect(summary.boundHit).toBe(false);
        expect(summary.failures).toEqual([]);
        expect(answeringContainers(summary).size).toBeGreaterThanOrEqual(SCALED_SERVERS);
        expect(summary.sent).toBeGreaterThan(200);
    });

    it('4. docker service update --image rolls start-first, health-gated: no request fails', async () => {
        const before = (await stack.runningTasks('server')).map(taskContainer);
        const { result: rollout, summary } = await underLoad(load(450_000), async () => {
            await sleep(2_000);
            const started = Date.now();
            await stack.updateImage('server', NEXT_IMAGE);
            // Start-first: a new task starts beside the old one (one container more than the
            // replicas), and the old one leaves DNS only once the new one is healthy in it (never
            // fewer serving tasks than replicas). Stop-first would show the opposite, for a whole boot.
            let mostContainers = 0;
            let fewestServing = Number.POSITIVE_INFINITY;
            const state = await vi.waitFor(
                async () => {
                    const [service, serving, containers] = await Promise.all([
                        stack.inspectService('server'),
                        stack.runningTasks('server'),
                        liveContainers('server'),
                    ]);
                    mostContainers = Math.max(mostContainers, containers.length);
                    fewestServing = Math.min(fewestServing, serving.length);
                    const current: string | undefined = service.UpdateStatus?.State;
                    if (!current || current === 'updating') {
                        throw new Error(`the rolling update has not ended: ${current ?? 'no update status'}`);
                    }
                    return current;
                },
                { timeout: 360_000, interval: 1_000 },
            );
            const took = seconds(started);
            expect(state, 'the update ended other than completed (a rollback?)').toBe('completed');
            await expect
                .poll(
                    async () => {
                        const live = new Set(await liveContainers('server'));
                        return before.filter(id => live.has(id));
                    },
                    { timeout: 60_000, interval: 1_000, message: "old tasks' containers still running" },
                )
                .toEqual([]);
            await sleep(3_000);
            return { state, took, mostContainers, fewestServing };
        });
        logSummary(
            'update',
            summary,
            ` (update ${rollout.state} in ${rollout.took} s; containers up to ${rollout.mostContainers}, ` +
                `tasks in DNS never below ${rollout.fewestServing})`,
        );

        expect(summary.boundHit).toBe(false);
        expect(summary.failures).toEqual([]);
        const after = await stack.runningTasks('server');
        expect(after).toHaveLength(SERVERS);
        expect(after.every(t => t.Spec.ContainerSpec.Image === NEXT_IMAGE)).toBe(true);
        expect(rollout.mostContainers).toBeGreaterThanOrEqual(SERVERS + 1);
        expect(rollout.fewestServing).toBe(SERVERS);
        const answered = answeringContainers(summary);
        expect(after.every(t => answered.has(taskContainer(t)))).toBe(true);
    });

    it(CLEANUP_STEP, async () => {
        if (!stack) {
            return; // Nothing was created: step 0 failed before the stack existed.
        }
        const started = Date.now();
        expect(await stack.remove()).toEqual([]);
        console.info(`stack removed and cleaned up in ${seconds(started)} s`);
        expect(await stack.leftovers()).toEqual([]);
    });
});
