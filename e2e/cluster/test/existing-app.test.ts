import { createRequire } from 'node:module';
import path from 'node:path';

import type { DynamicModule } from '@nestjs/common';
import { defaultConfig, mergeConfig, runPluginConfigurations, type VendureConfig } from '@vendure/core';
import { freePort, GraphQLSession } from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { RoleProcess } from '../src/role-process';
import { startServices, type Services } from '../src/services';

/**
 * "Already have a Vendure app?": an app shaped like the one `@vendure/create` generates, with
 * ClusterPlugin as its only addition (src/existing-app/vendure-config.ts), is cluster-safe. Its
 * roles run from entry files that use the package's role runners (src/existing-app/*.ts), as
 * the README's three steps say: add the package, add the plugin, run the roles.
 */

const APP = path.join(__dirname, '..', 'dist', 'existing-app');
const ENTRY = (role: 'server' | 'worker' | 'migrate') => path.join(APP, `${role}.js`);
const SUPERADMIN = { username: 'superadmin', password: 'existing-app-superadmin' };

/** What the app's .env would hold, plus the cluster's settings the test reads back. */
const APP_ENV = {
    NODE_ENV: 'production',
    COOKIE_SECRET: 'existing-app-cookie-secret-0123456789abcdef',
    SUPERADMIN_USERNAME: SUPERADMIN.username,
    SUPERADMIN_PASSWORD: SUPERADMIN.password,
    DB_SCHEMA: 'public',
    // Names the answering instance, to show which server a request reached.
    INSTANCE_HEADER: 'true',
    // BullMQ logs each job it starts at debug level, naming the process: the evidence of who ran it.
    LOG_LEVEL: 'debug',
};

const nameOf = (value: unknown) => (value as { constructor: { name: string } }).constructor.name;

describe('1. the guard on the effective config', () => {
    type AppModule = typeof import('../src/existing-app/vendure-config');
    type GuardModule = typeof import('@vendure-scale/cluster');
    let app: AppModule;
    let guard: GuardModule;

    beforeAll(() => {
        // The config reads the environment when it is loaded, as the generated one does; nothing connects here.
        const env = { ...APP_ENV, DB_HOST: '127.0.0.1', DB_NAME: 'vendure', DB_USERNAME: 'vendure', DB_PASSWORD: 'unused-here', REDIS_HOST: '127.0.0.1' };
        for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
        // The compiled files the processes below run, loaded by Node itself (not by vitest's
        // transform), so that the config and the guard share one copy of the cluster package.
        const load = createRequire(__filename);
        app = load(path.join(APP, 'vendure-config.js'));
        guard = load('@vendure-scale/cluster');
    });

    afterAll(() => {
        vi.unstubAllEnvs();
    });

    /** What every role's bootstrap does first: the defaults merged in, then each plugin's configuration hook. */
    const effectiveConfig = (plugins: NonNullable<VendureConfig['plugins']>) =>
        runPluginConfigurations(mergeConfig(defaultConfig, { ...app.config, plugins: [...plugins] }));

    it('passes with ClusterPlugin: BullMQ and the Redis cache in place, the guard run last', async () => {
        // It resolves only if the guard, which ClusterPlugin appends to the plugins, found nothing.
        const config = await effectiveConfig(app.config.plugins ?? []);
        expect(nameOf(config.jobQueueOptions.jobQueueStrategy)).toBe('BullMQJobQueueStrategy');
        expect(nameOf(config.systemOptions.cacheStrategy)).toBe('RedisCacheStrategy');
        expect((config.plugins.at(-1) as { name: string }).name).toBe('ClusterGuardPlugin');
        expect(guard.clusterSafetyProblems(config)).toEqual([]);
    });

    it('refuses the same config without ClusterPlugin, naming the in-memory cache', async () => {
        const withoutCluster = (app.config.plugins ?? []).filter(p => (p as DynamicModule).module?.name !== 'ClusterPlugin');
        expect(withoutCluster).toHaveLength((app.config.plugins ?? []).length - 1);
        const config = await effectiveConfig(withoutCluster);
        // The generated config already keeps jobs (and their buffer) in Postgres, runs the scheduler
        // under a database lock, takes the cookie secret from the environment and leaves
        // synchronize off: its cache, and with it the session cache, is what lives in one process.
        expect(guard.clusterSafetyProblems(config)).toEqual([expect.stringMatching(/^the cache is in memory/)]);
        expect(() => guard.assertClusterSafe(config)).toThrow(/Refusing to start: this configuration is not safe for more than one instance/);
    });
});

describe('2.-4. two servers and a worker run from it, on Postgres and Redis', () => {
    let services: Services;
    const processes: RoleProcess[] = [];
    const servers: Array<{ name: string; url: string; process: RoleProcess }> = [];
    let worker: RoleProcess;

    const admin = (i: number) => `${servers[i].url}/admin-api`;
    const login = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { identifier } ... on ErrorResult { message } } }`;

    async function superadmin(mode: 'cookie' | 'bearer', i: number): Promise<GraphQLSession> {
        const session = new GraphQLSession(mode);
        const { data } = await session.query(admin(i), login, { u: SUPERADMIN.username, p: SUPERADMIN.password });
        expect(data.login.identifier).toBe(SUPERADMIN.username);
        return session;
    }

    beforeAll(async () => {
        services = await startServices();
        const env = { ...services.env, ...APP_ENV };

        const migrate = RoleProcess.spawn('migrate', ENTRY('migrate'), env);
        processes.push(migrate);
        expect(await migrate.waitForExit(180_000), migrate.logs).toBe(0);

        const [portA, portB, workerPort] = await Promise.all([freePort(), freePort(), freePort()]);
        const start = async (name: string, role: 'server' | 'worker', portEnv: Record<string, string>, health: string) => {
            const child = RoleProcess.spawn(name, ENTRY(role), { ...env, ...portEnv });
            processes.push(child);
            await child.waitForHealth(health);
            return child;
        };
        const [a, b, w] = await Promise.all([
            start('server-A', 'server', { PORT: String(portA) }, `http://127.0.0.1:${portA}/health`),
            start('server-B', 'server', { PORT: String(portB) }, `http://127.0.0.1:${portB}/health`),
            start('worker-1', 'worker', { WORKER_HEALTH_PORT: String(workerPort) }, `http://127.0.0.1:${workerPort}/health`),
        ]);
        servers.push({ name: 'server-A', url: `http://127.0.0.1:${portA}`, process: a }, { name: 'server-B', url: `http://127.0.0.1:${portB}`, process: b });
        worker = w;
    });

    afterAll(async () => {
        await Promise.allSettled(processes.map(p => p.stop()));
        await services?.stop();
    });

    it('2. the migrate role applied the migrations and set up the empty database once', () => {
        const [migrate] = processes;
        expect(migrate.logs).toMatch(/migrations applied: \S+/);
        expect(migrate.logs).not.toMatch(/migrations applied: none pending/);
        expect(migrate.logs).toMatch(/database initialised/);
    });

    it.each(['cookie', 'bearer'] as const)('3. a %s session made on A is valid on B, and a logout on B ends it on A', async mode => {
        const session = await superadmin(mode, 0);
        const me = '{ me { identifier } }';

        const onB = await session.query(admin(1), me);
        expect(onB.instance).toBe('server-B');
        expect(onB.data.me.identifier).toBe(SUPERADMIN.username);

        const before = session.snapshot();
        await session.query(admin(1), 'mutation { logout { success } }');
        await expect(before.query(admin(0), me)).rejects.toThrow(/FORBIDDEN|not currently authorized/i);
    });

    it('4. a job enqueued by server A is run by the worker, never by a server', async () => {
        const client = await superadmin('bearer', 0);
        // Creating a product enqueues a search index update (DefaultSearchPlugin, bufferUpdates off).
        const created = await client.query(
            admin(0),
            `mutation ($name: String!) { createProduct(input: { translations: [{ languageCode: en, name: $name, slug: $name, description: "" }] }) { id } }`,
            { name: `existing-app-${Date.now()}` },
        );
        const productId = String(created.data.createProduct.id);

        const jobs = `{ jobs(options: { filter: { queueName: { eq: "update-search-index" } } }) { items { id state data } } }`;
        const completed = await vi.waitFor(
            async () => {
                const { data } = await client.query(admin(1), jobs);
                const job = (data.jobs.items as Array<{ id: string; state: string; data: { productId?: unknown } }>).find(
                    j => String(j.data?.productId) === productId,
                );
                if (job?.state !== 'COMPLETED') throw new Error(`the index job for product ${productId} is ${job?.state ?? 'not there'}`);
                return job;
            },
            { timeout: 30_000, interval: 250 },
        );

        const started = new RegExp(`Job ${completed.id} \\[update-search-index\\] starting`);
        expect(worker.logs).toMatch(started);
        for (const server of servers) {
            // The same debug output is on in the servers; they never start any job.
            expect(server.process.logs).toMatch(/\bdebug\b/i);
            expect(server.process.logs).not.toMatch(/\] starting \(attempt/);
        }
    });
});
