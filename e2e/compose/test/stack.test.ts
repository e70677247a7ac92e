import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
    adminSession,
    ComposeProject,
    containerOf,
    GraphQLClient,
    jobsSince,
    jobStarts,
    underLoad,
    writeStackEnv,
    type StackEnv,
} from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { LOG_DIR, SUITE } from '../src/suite';
import { badInputTests } from './bad-input.suite';
import { dashboardBrowserTests } from './dashboard-browser.suite';
import { dashboardServingTests } from './dashboard-serving.suite';
import { hostileTrafficTests } from './hostile-traffic.suite';
import { imageTests } from './image.suite';
import { loadTestDefaultTests } from './load-test-default.suite';
import { loadTestScalingTests } from './load-test-scaling.suite';
import { loadTestSmokeTests } from './load-test-smoke.suite';
import { searchTests } from './search.suite';
import { ADMIN_API_REFILL_MS, securityTests } from './security.suite';
import { startUpRefusalTests } from './start-up-refusal.suite';

// One stack for the whole file: building and starting it is most of the suite's time.
let env: StackEnv;
let stack: ComposeProject;
let upSeconds = 0;

beforeAll(async () => {
    env = await writeStackEnv(SUITE);
    stack = new ComposeProject(env.file, { logDir: LOG_DIR });
});

afterAll(async () => {
    await stack?.down();
});

const PRODUCTS = `{ products(options: { take: 5 }) { totalItems items { id variants { id } } } }`;

describe('docker compose stack', () => {
    it('1. comes up from a clean state with 4 servers, and migrate ran exactly once', async () => {
        const started = Date.now();
        await stack.compose(
            ['up', '--detach', '--build', '--scale', 'server=4', '--wait', '--wait-timeout', '600'],
            840_000,
        );
        upSeconds = Math.round((Date.now() - started) / 1000);
        console.info(`compose up --build --scale server=4 --wait: ${upSeconds} s`);

        const servers = await stack.containers('server');
        expect(servers).toHaveLength(4);
        expect(servers.every(s => s.State === 'running' && s.Health === 'healthy')).toBe(true);
        const [nginx] = await stack.containers('nginx');
        expect(nginx.Health).toBe('healthy');

        const migrations = await stack.containers('migrate');
        expect(migrations).toHaveLength(1);
        expect(migrations[0]).toMatchObject({ State: 'exited', ExitCode: 0 });
        expect((await stack.inspect(migrations[0].ID)).RestartCount).toBe(0);
        const log = await stack.logs('migrate');
        expect(log.match(/migrations applied: /g)).toHaveLength(1);
        expect(log.match(/database initialised\s*$/gm)).toHaveLength(1);
        // Servers never run migrations: they only find the schema the migrate job left.
        expect(await stack.logs('server')).not.toMatch(/migrations applied|Successfully ran migration/);
    }, 900_000);

    it('2. spreads 200 shop-api requests over all 4 servers, none failing', async () => {
        const shop = new GraphQLClient(`${env.baseUrl}/shop-api`);
        const perInstance = new Map<string, number>();
        const failures: string[] = [];
        // Four callers at once, 50 requests each.
        await Promise.all(
            Array.from({ length: 4 }, async () => {
                for (let i = 0; i < 50; i++) {
                    try {
                        const { data, instance } = await shop.request(PRODUCTS);
                        expect(data.products.totalItems).toBeGreaterThan(0);
                        perInstance.set(instance, (perInstance.get(instance) ?? 0) + 1);
                    } catch (error) {
                        failures.push((error as Error).message);
                    }
                }
            }),
        );
        console.info('requests per instance:', Object.fromEntries(perInstance));
        expect(failures).toEqual([]);
        expect([...perInstance.values()].reduce((a, b) => a + b, 0)).toBe(200);
        expect(perInstance.size).toBe(4);
        const serverIds = (await stack.containers('server')).map(s => s.ID.slice(0, 12)).sort();
        expect([...perInstance.keys()].map(containerOf).sort()).toEqual(serverIds);
    });

    it('2b. serves the Dashboard, assets, health checks and both APIs through nginx', async () => {
        const get = (path: string) => fetch(`${env.baseUrl}${path}`, { signal: AbortSignal.timeout(15_000) });
        expect((await get('/nginx-health')).status).toBe(200);
        const health = await get('/health');
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok' });
        const dashboard = await get('/dashboard/');
        expect(dashboard.status).toBe(200);
        expect(await dashboard.text()).toMatch(/<base href="\/dashboard\/"/);
        const res = await get('/dashboard/');
        expect(res.headers.get('server')).toBe('nginx');
        expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);

        const shop = new GraphQLClient(`${env.baseUrl}/shop-api`);
        const { data } = await shop.request(`{ products(options: { take: 1 }) { items { featuredAsset { preview } } } }`);
        const preview: string = data.products.items[0].featuredAsset.preview;
        // Vendure builds the URL from the forwarded host, so it points back through nginx.
        expect(preview.startsWith(`${env.baseUrl}/assets/`)).toBe(true);
        const image = await get(new URL(preview).pathname);
        expect(image.status).toBe(200);
        expect(image.headers.get('content-type')).toMatch(/^image\//);

        await adminSession(env.baseUrl, env.superadmin.username, env.superadmin.password);
    });

    // On the same stack, still at 4 servers: the browser first, while no limit is in its way.
    imageTests();
    dashboardServingTests(() => ({ env }));
    dashboardBrowserTests(() => ({ env }));
    loadTestSmokeTests(() => ({ env }));
    loadTestDefaultTests(() => ({ env }));
    badInputTests(() => ({ env, stack }));
    securityTests(() => ({ env, stack }));
    startUpRefusalTests(() => ({ stack }));
    hostileTrafficTests(() => ({ env, stack }));

    it('2z. is still whole after the bad input: 4 healthy servers, the Admin API bucket refilled', async () => {
        await sleep(ADMIN_API_REFILL_MS);
        const servers = await stack.containers('server');
        expect(servers.filter(s => s.State === 'running' && s.Health === 'healthy')).toHaveLength(4);
    });

    it.each(['cookie', 'bearer'] as const)(
        '3. keeps a customer session (%s) across every instance, and builds one consistent order',
        async mode => {
            const admin = await adminSession(env.baseUrl, env.superadmin.username, env.superadmin.password);
            const email = `${mode}-${randomBytes(4).toString('hex')}@example.com`;
            const password = `pw-${randomBytes(8).toString('hex')}`;
            const created = await admin.request(
                `mutation ($input: CreateCustomerInput!, $password: String!) {
                    createCustomer(input: $input, password: $password) { __typename ... on ErrorResult { message } }
                }`,
                { input: { emailAddress: email, firstName: 'Scale', lastName: mode }, password },
            );
            expect(created.data.createCustomer.__typename).toBe('Customer');

            const shop = new GraphQLClient(`${env.baseUrl}/shop-api`, mode);
            const login = await shop.request(
                `mutation ($email: String!, $password: String!) {
                    login(username: $email, password: $password) { __typename ... on ErrorResult { message } }
                }`,
                { email, password },
            );
            expect(login.data.login.__typename).toBe('CurrentUser');

            const { data } = await shop.request(PRODUCTS);
            const variantIds: string[] = data.products.items.map((p: any) => p.variants[0].id);
            const seen = new Set<string>();
            let added = 0;
            for (let i = 0; i < 12; i++) {
                const me = await shop.request(`{ activeCustomer { emailAddress } }`);
                expect(me.data.activeCustomer?.emailAddress, `on ${me.instance}`).toBe(email);
                seen.add(me.instance);
                const add = await shop.request(
                    `mutation ($id: ID!) {
                        addItemToOrder(productVariantId: $id, quantity: 1) {
                            __typename ... on Order { code totalQuantity } ... on ErrorResult { message }
                        }
                    }`,
                    { id: variantIds[i % variantIds.length] },
                );
                expect(add.data.addItemToOrder.__typename, JSON.stringify(add.data)).toBe('Order');
                added++;
                expect(add.data.addItemToOrder.totalQuantity).toBe(added);
                seen.add(add.instance);
            }
            expect(seen.size).toBe(4);

            // Every instance reads back the same order.
            const views = new Map<string, string>();
            for (let i = 0; i < 16 && views.size < 4; i++) {
                const order = await shop.request(
                    `{ activeOrder { code totalQuantity lines { productVariant { id } quantity } customer { emailAddress } } }`,
                );
                const o = order.data.activeOrder;
                views.set(order.instance, JSON.stringify({ ...o, lines: [...o.lines].sort((a: any, b: any) => a.productVariant.id - b.productVariant.id) }));
                expect(o.totalQuantity).toBe(added);
                expect(o.customer.emailAddress).toBe(email);
            }
            expect(views.size).toBe(4);
            expect(new Set(views.values()).size).toBe(1);
        },
    );

    it('4. reindexes a product changed through the Admin API in a worker; search shows it on every instance', async () => {
        const admin = await adminSession(env.baseUrl, env.superadmin.username, env.superadmin.password);
        const word = `zq${randomBytes(5).toString('hex').replace(/[0-9]/g, c => 'abcdefghij'[Number(c)])}`;
        const since = Date.now();
        const updated = await admin.request(
            `mutation ($input: [UpdateProductInput!]!) { updateProducts(input: $input) { id name } }`,
            { input: [{ id: '1', translations: [{ languageCode: 'en', name: `Reindexed ${word}` }] }] },
        );
        expect(updated.data.updateProducts[0].name).toBe(`Reindexed ${word}`);

        const shop = new GraphQLClient(`${env.baseUrl}/shop-api`);
        const SEARCH = `query ($term: String!) { search(input: { term: $term, groupByProduct: true }) { totalItems items { productName } } }`;
        await expect
            .poll(
                async () => (await shop.request(SEARCH, { term: word })).data.search.items.map((i: any) => i.productName),
                { timeout: 60_000, interval: 1_000 },
            )
            .toContain(`Reindexed ${word}`);
        const found = new Set<string>();
        for (let i = 0; i < 16 && found.size < 4; i++) {
            const { data, instance } = await shop.request(SEARCH, { term: word });
            expect(data.search.items.map((i: any) => i.productName)).toContain(`Reindexed ${word}`);
            found.add(instance);
        }
        expect(found.size).toBe(4);

        const jobs = await jobsSince(admin, since);
        const reindex = jobs.filter(j => j.queueName === 'update-search-index');
        expect(reindex.length).toBeGreaterThan(0);
        expect(reindex.every(j => j.state === 'COMPLETED')).toBe(true);
    });

    it('5. follows --scale 4 -> 2 -> 5 without an nginx reload, while no request fails', async () => {
        const [nginxBefore] = await stack.containers('nginx');
        const before = await stack.inspect(nginxBefore.ID);

        const load = {
            url: `${env.baseUrl}/shop-api`,
            concurrency: 2,
            pauseMs: 20,
            maxRequests: 20_000,
            maxDurationMs: 300_000,
            timeoutMs: 30_000,
            requests: [{ query: `{ activeChannel { code } }`, expect: (d: any) => typeof d?.activeChannel?.code === 'string' }],
        };
        const { summary } = await underLoad(load, async loop => {
            await sleep(1_000);
            await stack.compose(['up', '--detach', '--no-recreate', '--scale', 'server=2', '--wait'], 300_000);
            expect(await stack.containers('server')).toHaveLength(2);
            await sleep(6_000);
            const scaledUp = Date.now();
            await stack.compose(['up', '--detach', '--no-recreate', '--scale', 'server=5', '--wait', '--wait-timeout', '400'], 450_000);
            const servers = await stack.containers('server');
            expect(servers).toHaveLength(5);
            // nginx re-resolves within its 5 s resolver validity: keep going until all 5 answered.
            await expect
                .poll(
                    () => {
                        const answered = loop.answered.filter(r => r.ok && r.instance && r.endedAt > scaledUp);
                        const names = new Set(answered.map(r => containerOf(r.instance!)));
                        return servers.map(s => s.ID.slice(0, 12)).filter(id => !names.has(id));
                    },
                    { timeout: 60_000, interval: 1_000, message: 'servers nginx has sent no request to yet' },
                )
                .toEqual([]);
        });
        console.info(`scale loop: ${summary.sent} requests, ${summary.failed} failed`);
        expect(summary.failures).toEqual([]);
        expect(summary.sent).toBeGreaterThan(100);

        const [nginxAfter] = await stack.containers('nginx');
        const after = await stack.inspect(nginxAfter.ID);
        expect(after.Id).toBe(before.Id);
        expect(after.State.StartedAt).toBe(before.State.StartedAt);
        expect(after.State.Pid).toBe(before.State.Pid);
        expect(after.RestartCount).toBe(0);
        // A reload would log "signal process started" (nginx -s) or "reconfiguring" (SIGHUP).
        expect(await stack.logs('nginx')).not.toMatch(/signal process started|reconfiguring/);
    }, 900_000);

    it('6. finishes every queued job exactly once across `docker compose restart worker`', async () => {
        const admin = await adminSession(env.baseUrl, env.superadmin.username, env.superadmin.password);
        const since = Date.now();
        // Paused, the worker cannot take the jobs before the restart: they are surely queued.
        await stack.compose(['pause', 'worker']);
        try {
            for (let id = 2; id <= 13; id++) {
                await admin.request(
                    `mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { id } }`,
                    { input: { id: String(id), enabled: true } },
                );
            }
            await admin.request(`mutation { reindex { id } }`);
        } finally {
            await stack.compose(['unpause', 'worker']);
        }
        const queued = await jobsSince(admin, since);
        expect(queued.length).toBeGreaterThanOrEqual(10);
        const states = queued.reduce<Record<string, number>>((n, j) => ({ ...n, [j.state]: (n[j.state] ?? 0) + 1 }), {});
        console.info('job states before the restart:', states);
        expect(queued.some(j => j.state !== 'COMPLETED')).toBe(true);
        await stack.compose(['restart', 'worker'], 120_000);

        const done = await vi.waitFor(
            async () => {
                const jobs = await jobsSince(admin, since);
                const completed = jobs.filter(j => j.state === 'COMPLETED').length;
                if (jobs.length < queued.length || completed < jobs.length) {
                    throw new Error(`${completed} of ${jobs.length} jobs completed, ${queued.length} queued`);
                }
                return jobs;
            },
            { timeout: 120_000, interval: 1_000 },
        );
        expect(new Set(done.map(j => j.id)).size).toBe(done.length);
        // BullMQ counts every start of a job in `ats`: a job run twice would show 2.
        const starts = await jobStarts(stack, done.map(j => j.id));
        expect(Object.fromEntries(starts)).toEqual(Object.fromEntries(done.map(j => [j.id, 1])));
        console.info(`jobs queued across the restart: ${done.length}, each started once`);
    }, 300_000);

    // Its larger catalogue would slow every reindex before it.
    searchTests(() => ({ env, stack }));

    // Last: it rescales the stack, caps the servers and raises nginx's limits.
    loadTestScalingTests(() => ({ env, stack }));
});
