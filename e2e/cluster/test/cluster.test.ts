import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort, GraphQLSession } from '@vendure-scale/e2e-support';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { PROBE_JOBS_KEY, PROBE_STARTS_KEY, PROBE_TICK_MS, PROBE_TICKS_KEY } from '../src/fixtures/probe-plugin';
import { BREAKS } from '../src/fixtures/test-config';
import { RoleProcess } from '../src/role-process';
import { appEntry, TestCluster } from '../src/test-cluster';

/**
 * The multi-instance rules, proven with real Postgres and Redis and real processes: one migrate
 * run, two servers on their own ports and two workers, all on the same services.
 */

const FIXTURES = path.join(__dirname, '..', 'dist', 'fixtures');
const SERVER_ENTRY = path.join(FIXTURES, 'server-entry.js');
const WORKER_ENTRY = path.join(FIXTURES, 'worker-entry.js');

const CHANNEL_CACHE_TTL_MS = 3_000;

/** Every wait for the cluster to catch up is bounded (vitest's default of 1 s is too short for a 2-core box). */
const POLL = { timeout: 30_000, interval: 200 };

let cluster: TestCluster;
let redis: Redis;
const servers: Array<{ name: string; url: string }> = [];
const workers: string[] = [];

const shop = (i: number) => `${servers[i].url}/shop-api`;
const admin = (i: number) => `${servers[i].url}/admin-api`;

async function adminClient(i: number): Promise<GraphQLSession> {
    const client = new GraphQLSession('bearer');
    await client.query(admin(i), `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } } }`, {
        u: cluster.superadmin.username,
        p: cluster.superadmin.password,
    });
    return client;
}

beforeAll(async () => {
    cluster = await TestCluster.start('cluster', {
        CHANNEL_CACHE_TTL_MS: String(CHANNEL_CACHE_TTL_MS),
        // Off by default (it names internal hosts); the tests read which instance answered.
        INSTANCE_HEADER: 'true',
    });
    redis = new Redis(cluster.services.redisUrl);

    // Two deploys racing: the advisory lock must make them run one after the other.
    const migrations = [1, 2].map(n => cluster.spawn(`migrate-${n}`, appEntry('server', 'migrate.js'), { SEED_SAMPLE_DATA: 'true' }));
    const codes = await Promise.all(migrations.map(m => m.waitForExit(180_000)));
    expect(codes, migrations.map(m => m.logs).join('\n')).toEqual([0, 0]);

    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    await Promise.all([
        ...[0, 1].map(i => {
            const name = `server-${'AB'[i]}`;
            servers.push({ name, url: `http://127.0.0.1:${ports[i]}` });
            return cluster.startRole(name, SERVER_ENTRY, { PORT: String(ports[i]) }, `http://127.0.0.1:${ports[i]}/health`);
        }),
        ...[2, 3].map(i => {
            const name = `worker-${i - 1}`;
            workers.push(name);
            return cluster.startRole(name, WORKER_ENTRY, { WORKER_HEALTH_PORT: String(ports[i]) }, `http://127.0.0.1:${ports[i]}/health`);
        }),
    ]);
});

afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
});

describe('migrate role', () => {
    it('ran the migrations and the first-time set-up exactly once, although two ran at once', async () => {
        const logs = cluster.processes.filter(p => p.name.startsWith('migrate')).map(p => p.logs);
        expect(logs.filter(l => /Successfully ran migration/.test(l))).toHaveLength(1);
        expect(logs.filter(l => /database initialised/.test(l))).toHaveLength(1);
        expect(logs.filter(l => /database already initialised/.test(l))).toHaveLength(1);
        const { data } = await new GraphQLSession().query(shop(0), '{ products { totalItems } }');
        expect(data.products.totalItems).toBe(54);
    });
});

describe('1. one session on every instance', () => {
    let email: string;

    beforeAll(async () => {
        email = `customer-${Date.now()}@example.com`;
        const client = await adminClient(0);
        await client.query(
            admin(0),
            `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input, password: "customer-password") { ... on Customer { id } } }`,
            { input: { emailAddress: email, firstName: 'Ada', lastName: 'Lovelace' } },
        );
    });

    it.each(['cookie', 'bearer'] as const)('a %s session from A is valid on B, and logging out on B ends it on A', async mode => {
        const customer = new GraphQLSession(mode);
        const login = await customer.query(
            shop(0),
            `mutation ($u: String!) { login(username: $u, password: "customer-password") { ... on CurrentUser { identifier } ... on ErrorResult { message } } }`,
            { u: email },
        );
        expect(login.data.login.identifier).toBe(email);
        expect(login.instance).toBe('server-A');

        const onB = await customer.query(shop(1), '{ activeCustomer { emailAddress } }');
        expect(onB.instance).toBe('server-B');
        expect(onB.data.activeCustomer?.emailAddress).toBe(email);

        const before = customer.snapshot();
        await customer.query(shop(1), 'mutation { logout { success } }');
        const onA = await before.query(shop(0), '{ activeCustomer { emailAddress } }');
        expect(onA.instance).toBe('server-A');
        expect(onA.data.activeCustomer).toBeNull();
    });
});

describe('2. one active order on every instance', () => {
    it('an order started on A is seen and extended on B', async () => {
        const { data } = await new GraphQLSession().query(shop(0), '{ products(options: { take: 2 }) { items { variants { id } } } }');
        const [first, second] = data.products.items.map((p: { variants: Array<{ id: string }> }) => p.variants[0].id);
        const shopper = new GraphQLSession('bearer');
        const add = `mutation ($id: ID!) { addItemToOrder(productVariantId: $id, quantity: 1) { ... on Order { code totalQuantity } ... on ErrorResult { message } } }`;
        const active = '{ activeOrder { code totalQuantity lines { productVariant { id } } } }';

        const started = await shopper.query(shop(0), add, { id: first });
        const seenOnB = await shopper.query(shop(1), active);
        expect(seenOnB.data.activeOrder.code).toBe(started.data.addItemToOrder.code);
        expect(seenOnB.data.activeOrder.totalQuantity).toBe(1);

        await shopper.query(shop(1), add, { id: second });
        const seenOnA = await shopper.query(shop(0), active);
        expect(seenOnA.data.activeOrder.code).toBe(started.data.addItemToOrder.code);
        expect(seenOnA.data.activeOrder.totalQuantity).toBe(2);
        expect(seenOnA.data.activeOrder.lines.map((l: { productVariant: { id: string } }) => l.productVariant.id).sort()).toEqual(
            [first, second].sort(),
        );
    });
});

describe('3. jobs go to the workers, each exactly once', () => {
    it('jobs enqueued by both servers are processed once each, by workers only', async () => {
        await redis.del(PROBE_JOBS_KEY);
        const perServer = 20;
        await Promise.all(servers.map(s => fetch(`${s.url}/probe/enqueue?count=${perServer}`, { method: 'POST' }).then(r => expect(r.status).toBe(201))));
        const total = perServer * servers.length;
        await expect.poll(() => redis.llen(PROBE_JOBS_KEY), POLL).toBeGreaterThanOrEqual(total);
        await sleep(2_000); // a duplicate would show up late, after a retry or a stall
        const records = await redis.lrange(PROBE_JOBS_KEY, 0, -1);
        const expected = servers.flatMap(s => Array.from({ length: perServer }, (_, n) => `${s.name}:${n}`));
        expect(records.map(r => r.split('@')[0]).sort()).toEqual(expected.sort());
        const processors = new Set(records.map(r => r.split('@')[1]));
        expect([...processors].every(p => workers.includes(p)), [...processors].join()).toBe(true);
        for (const s of processors) {
            expect(servers.map(x => x.name)).not.toContain(s);
        }
    });

    it('a product renamed on A is reindexed by a worker and found through B', async () => {
        const client = await adminClient(0);
        const term = `renamed${Date.now()}`;
        const { data } = await new GraphQLSession().query(shop(0), '{ products(options: { take: 1 }) { items { id } } }');
        await client.query(admin(0), `mutation ($id: ID!, $name: String!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: $name }] }) { id } }`, {
            id: data.products.items[0].id,
            name: `Laptop ${term}`,
        });
        const searchOnB = async () => {
            const res = await new GraphQLSession().query(shop(1), `query ($t: String!) { search(input: { term: $t }) { items { productName } } }`, { t: term });
            return res.data.search.items[0]?.productName;
        };
        await expect.poll(searchOnB, POLL).toBe(`Laptop ${term}`);
        const jobs = await client.query(
            admin(1),
            `{ jobs(options: { filter: { queueName: { eq: "update-search-index" } } }) { items { state attempts } } }`,
        );
        const states = jobs.data.jobs.items as Array<{ state: string; attempts: number }>;
        expect(states.length).toBeGreaterThan(0);
        expect(states.every(j => j.state === 'COMPLETED' || j.state === 'PENDING' || j.state === 'RUNNING')).toBe(true);
    });
});

describe('4. channel changes reach other instances within the channel cache TTL', () => {
    it(`B sees a channel changed on A within ${CHANNEL_CACHE_TTL_MS} ms (+ slack)`, async () => {
        const read = async (i: number) => (await new GraphQLSession().query(shop(i), '{ activeChannel { id pricesIncludeTax } }')).data.activeChannel;
        const before = await read(1);
        const client = await adminClient(0);
        const changedAt = Date.now();
        await client.query(admin(0), `mutation ($id: ID!, $v: Boolean!) { updateChannel(input: { id: $id, pricesIncludeTax: $v }) { ... on Channel { id } } }`, {
            id: before.id,
            v: !before.pricesIncludeTax,
        });
        try {
            await expect
                .poll(async () => (await read(1)).pricesIncludeTax, { timeout: CHANNEL_CACHE_TTL_MS + 5_000, interval: 200 })
                .toBe(!before.pricesIncludeTax);
            const lag = Date.now() - changedAt;
            expect(lag).toBeLessThanOrEqual(CHANNEL_CACHE_TTL_MS + 2_000);
        } finally {
            await client.query(admin(0), `mutation ($id: ID!, $v: Boolean!) { updateChannel(input: { id: $id, pricesIncludeTax: $v }) { ... on Channel { id } } }`, {
                id: before.id,
                v: before.pricesIncludeTax,
            });
        }
    });
});

describe('5. scheduled tasks run once per cluster', () => {
    it('each tick of a task runs on one of the two workers, never twice, never on a server', async () => {
        await redis.del(PROBE_TICKS_KEY);
        await sleep(5 * PROBE_TICK_MS + 500);
        const runs = await redis.lrange(PROBE_TICKS_KEY, 0, -1);
        const perTick = new Map<string, string[]>();
        for (const run of runs) {
            const [tick, who] = run.split('@');
            perTick.set(tick, [...(perTick.get(tick) ?? []), who]);
        }
        expect(perTick.size).toBeGreaterThanOrEqual(3);
        for (const [tick, who] of perTick) {
            expect(who, `tick ${tick}`).toHaveLength(1);
            expect(workers).toContain(who[0]);
        }
    });
});

describe('6. the guard refuses a config that is not cluster-safe', () => {
    const expectations: Record<keyof typeof BREAKS, RegExp> = {
        'memory-job-queue': /job queue is in memory/,
        'memory-cache': /cache is in memory/,
        'memory-session-cache': /session cache is in memory/,
        'random-cookie-secret': /cookie secret is random/,
        synchronize: /synchronize is on/,
        'no-scheduler': /no scheduler runs scheduled tasks/,
        'queue-replaced-after-cluster-plugin': /not the BullMQ queue ClusterPlugin set: a plugin after ClusterPlugin replaced it/,
    };

    it.each(Object.entries(expectations))('%s: the server refuses to start, with the reason', async (breakName, reason) => {
        const port = await freePort();
        const role = cluster.spawn('server-broken', SERVER_ENTRY, { PORT: String(port), BREAK_CLUSTER_SAFETY: breakName });
        expect(await role.waitForExit(60_000)).toBe(1);
        expect(role.logs).toMatch(/Refusing to start: this configuration is not safe for more than one instance/);
        expect(role.logs).toMatch(reason);
        expect(role.logs).not.toMatch(/\n\s+at /);
    });

    it.each([
        ['server', 'main.js'],
        ['worker', 'main.js'],
        ['server', 'migrate.js'],
    ])('%s %s: a missing or invalid environment stops start-up with one message', async (app, file) => {
        // Not cluster.spawn: this role gets none of the shared environment.
        const role = RoleProcess.spawn(`${app}-bad-env`, appEntry(app, file), { DB_PORT: 'five', COOKIE_SECRET: 'short' });
        cluster.processes.push(role);
        expect(await role.waitForExit(60_000)).toBe(1);
        for (const name of ['COOKIE_SECRET', 'DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_PORT', 'DB_USERNAME', 'REDIS_HOST', 'SUPERADMIN_PASSWORD']) {
            expect(role.logs).toContain(`- ${name}:`);
        }
        expect(role.logs).not.toContain('short');
        expect(role.logs).not.toMatch(/\n\s+at /);
    });
});

describe('7. graceful shutdown of real instances', () => {
    it('a worker told to stop finishes its running job; every job still completes exactly once', async () => {
        await redis.del(PROBE_JOBS_KEY, PROBE_STARTS_KEY);
        const count = 6;
        await fetch(`${servers[0].url}/probe/enqueue?count=${count}&ms=2000`, { method: 'POST' });
        const running = await vi.waitFor(async () => {
            const starts = await redis.lrange(PROBE_STARTS_KEY, 0, -1);
            const started = starts.find(s => s.endsWith(`@${workers[0]}`));
            if (!started) throw new Error(`${workers[0]} has not started a probe job yet (started: ${starts.join()})`);
            return started.split('@')[0];
        }, POLL);
        const leaving = cluster.processes.find(p => p.name === workers[0])!;
        expect(await leaving.stop(30_000)).toBe(0);
        expect(leaving.logs).toMatch(/SIGTERM received/);
        await expect.poll(() => redis.llen(PROBE_JOBS_KEY), { ...POLL, timeout: 60_000 }).toBeGreaterThanOrEqual(count);
        await sleep(2_000);
        const records = await redis.lrange(PROBE_JOBS_KEY, 0, -1);
        const names = records.map(r => r.split('@')[0]).sort();
        expect(names).toEqual(Array.from({ length: count }, (_, n) => `server-A:${n}`).sort());
        // The job that was running when SIGTERM came was finished by the leaving worker itself.
        expect(records).toContain(`${running}@${workers[0]}`);
    });

    it('a server told to stop answers its in-flight request, exits 0, and the other keeps serving', async () => {
        const leaving = cluster.processes.find(p => p.name === servers[0].name)!;
        const inFlight = fetch(`${servers[0].url}/probe/slow?ms=1500`).then(async r => ({ status: r.status, body: await r.json() }));
        await sleep(300);
        const exited = leaving.stop(30_000);
        const answered = await inFlight;
        expect(answered).toEqual({ status: 200, body: { by: servers[0].name } });
        expect(await exited).toBe(0);
        expect(leaving.logs).toMatch(/shut down cleanly/);
        const still = await new GraphQLSession().query(shop(1), '{ products { totalItems } }');
        expect(still.instance).toBe(servers[1].name);
    });
});
