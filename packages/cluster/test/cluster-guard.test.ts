import {
    defaultConfig,
    DefaultJobQueuePlugin,
    InMemoryJobBufferStorageStrategy,
    InMemorySessionCacheStrategy,
    PluginCommonModule,
    resetConfig,
    VendurePlugin,
    type RuntimeVendureConfig,
    type Type,
} from '@vendure/core';
import { InMemoryCacheStrategy } from '@vendure/core/dist/config/system/in-memory-cache-strategy';
import { InMemoryJobQueueStrategy } from '@vendure/core/dist/job-queue/in-memory-job-queue-strategy';
import { SqlJobQueueStrategy } from '@vendure/core/dist/plugin/default-job-queue-plugin/sql-job-queue-strategy';
import { NoopSchedulerStrategy } from '@vendure/core/dist/scheduler/noop-scheduler-strategy';
import { afterEach, describe, expect, it } from 'vitest';

import { ClusterPlugin } from '../src/cluster-plugin';
import { assertClusterSafe, ClusterGuardPlugin, ClusterSafetyError, clusterSafetyProblems, type GuardExpectations } from '../src/guard/cluster-guard';
import { appConfig, clusterOptions, effective } from './config-fixture';
import { errorOf, EXAMPLE_SECRETS, rejectionOf } from './env-fixture';

/** A plugin that changes the config in its configuration hook, as any third-party plugin may. */
function configuringPlugin(name: string, change: (config: RuntimeVendureConfig) => void): Type<unknown> {
    const plugin = { [name]: class {} }[name];
    VendurePlugin({
        imports: [PluginCommonModule],
        configuration: config => {
            change(config);
            return config;
        },
    })(plugin);
    return plugin;
}

const DATABASE_QUEUE = DefaultJobQueuePlugin.init({ useDatabaseForBuffer: true });

/** The effective config of a cluster-safe app, on either queue; the guard has passed it already. */
async function safeRuntime(jobQueue: 'bullmq' | 'database'): Promise<RuntimeVendureConfig> {
    return effective(appConfig([DATABASE_QUEUE, ClusterPlugin.init(clusterOptions({ jobQueue }))]));
}

afterEach(() => resetConfig());

describe('the guard on an app with ClusterPlugin', () => {
    it.each(['bullmq', 'database'] as const)('passes a cluster-safe app on the %s queue, in production', async jobQueue => {
        const runtime = await safeRuntime(jobQueue);
        expect(clusterSafetyProblems(runtime, { production: true, jobQueue })).toEqual([]);
    });

    it('is appended to the plugins, once, and runs last', async () => {
        const config = appConfig([ClusterPlugin.init(clusterOptions())]);
        const runtime = await effective(config);
        expect(runtime.plugins.at(-1)).toBe(ClusterGuardPlugin);
        resetConfig();
        // The migrate role configures the same config twice (runMigrations, then bootstrapWorker).
        const again = await effective(config);
        expect(again.plugins.filter(plugin => plugin === ClusterGuardPlugin)).toHaveLength(1);
        expect(again.plugins.at(-1)).toBe(ClusterGuardPlugin);
    });

    it('refuses an in-memory cache swapped in by a plugin listed after ClusterPlugin', async () => {
        const config = appConfig([
            ClusterPlugin.init(clusterOptions()),
            configuringPlugin('InMemoryCachePlugin', c => (c.systemOptions.cacheStrategy = new InMemoryCacheStrategy())),
        ]);
        const error = await rejectionOf(effective(config));
        expect(error).toBeInstanceOf(ClusterSafetyError);
        expect((error as ClusterSafetyError).problems).toEqual(['the cache is in memory: instances would serve each other stale data']);
    });

    it('refuses the database queue put in place of BullMQ by a plugin listed after ClusterPlugin', async () => {
        const error = await rejectionOf(effective(appConfig([ClusterPlugin.init(clusterOptions()), DATABASE_QUEUE])));
        expect(error).toBeInstanceOf(ClusterSafetyError);
        expect(error.message).toContain(
            'the job queue is SqlJobQueueStrategy, not the BullMQ queue ClusterPlugin set: a plugin after ClusterPlugin replaced it',
        );
    });

    it('refuses the database mode without a database queue in the app', async () => {
        const error = await rejectionOf(effective(appConfig([ClusterPlugin.init(clusterOptions({ jobQueue: 'database' }))])));
        expect(error.message).toMatch(/job queue is in memory/);
        expect(error.message).toMatch(/job buffer is in memory/);
    });

    it('refuses an app without DefaultSchedulerPlugin, whose scheduled tasks would never run', async () => {
        const config = appConfig([ClusterPlugin.init(clusterOptions())]);
        config.plugins = config.plugins!.slice(1);
        const error = await rejectionOf(effective(config));
        expect(error.message).toMatch(/no scheduler runs scheduled tasks .*DefaultSchedulerPlugin\.init\(\)/);
    });

    it('refuses publicly known secrets under production only', async () => {
        const withKnownSecrets = (production: boolean) =>
            appConfig([ClusterPlugin.init(clusterOptions({ cookieSecret: EXAMPLE_SECRETS.COOKIE_SECRET, production }))], {
                authOptions: { superadminCredentials: { identifier: 'superadmin', password: 'superadmin' } },
            });
        await expect(effective(withKnownSecrets(false))).resolves.toBeDefined();
        resetConfig();
        const error = await rejectionOf(effective(withKnownSecrets(true)));
        expect((error as ClusterSafetyError).problems).toEqual([
            'the cookie secret is a publicly known default (NODE_ENV=production)',
            'the superadmin password is a publicly known default (NODE_ENV=production)',
        ]);
    });
});

describe('clusterSafetyProblems refuses state that lives in one process', () => {
    const cases: Array<[string, (c: RuntimeVendureConfig) => void, RegExp]> = [
        ['an in-memory job queue', c => (c.jobQueueOptions.jobQueueStrategy = new InMemoryJobQueueStrategy()), /job queue is in memory/],
        ['no job queue at all', c => ((c.jobQueueOptions as any).jobQueueStrategy = undefined), /job queue is in memory/],
        ['an in-memory job buffer', c => (c.jobQueueOptions.jobBufferStorageStrategy = new InMemoryJobBufferStorageStrategy()), /job buffer is in memory/],
        ['no job buffer at all', c => ((c.jobQueueOptions as any).jobBufferStorageStrategy = undefined), /job buffer is in memory/],
        ['an in-memory cache', c => (c.systemOptions.cacheStrategy = new InMemoryCacheStrategy()), /cache is in memory/],
        ['an in-memory session cache', c => (c.authOptions.sessionCacheStrategy = new InMemorySessionCacheStrategy()), /session cache is in memory/],
        ['the random per-process cookie secret', c => (c.authOptions.cookieOptions = { ...defaultConfig.authOptions.cookieOptions }), /cookie secret is random/],
        ['no cookie secret', c => (c.authOptions.cookieOptions = { httpOnly: true }), /cookie secret is random/],
        ['synchronize: true', c => (c.dbConnectionOptions = { ...c.dbConnectionOptions, synchronize: true }), /synchronize is on/],
        ['the no-op scheduler', c => (c.schedulerOptions.schedulerStrategy = new NoopSchedulerStrategy()), /no scheduler runs scheduled tasks/],
        ['no scheduler at all', c => ((c.schedulerOptions as any).schedulerStrategy = undefined), /no scheduler runs scheduled tasks/],
    ];

    it.each(cases)('%s, on either queue', async (_what, breakIt, expected) => {
        for (const jobQueue of ['bullmq', 'database'] as const) {
            const runtime = await safeRuntime(jobQueue);
            resetConfig();
            const expectations: GuardExpectations = { production: false, jobQueue };
            expect(() => assertClusterSafe(runtime, expectations)).not.toThrow();
            breakIt(runtime);
            const error = errorOf(() => assertClusterSafe(runtime, expectations));
            expect(error).toBeInstanceOf(ClusterSafetyError);
            expect((error as ClusterSafetyError).problems).toHaveLength(1);
            expect(error.message).toMatch(expected);
        }
    });

    it('refuses a queue other than the BullMQ one ClusterPlugin set, naming it', async () => {
        const runtime = await safeRuntime('bullmq');
        runtime.jobQueueOptions.jobQueueStrategy = new SqlJobQueueStrategy();
        expect(clusterSafetyProblems(runtime, { jobQueue: 'bullmq' })).toEqual([
            expect.stringMatching(/^the job queue is SqlJobQueueStrategy, not the BullMQ queue ClusterPlugin set: a plugin after ClusterPlugin replaced it/),
        ]);
        expect(clusterSafetyProblems(runtime, { jobQueue: 'database' })).toEqual([]);
    });

    it('lists every problem in one error', async () => {
        const runtime = await safeRuntime('bullmq');
        for (const [, breakIt] of cases) {
            breakIt(runtime);
        }
        const error = errorOf(() => assertClusterSafe(runtime, { production: false, jobQueue: 'bullmq' }));
        expect(error).toBeInstanceOf(ClusterSafetyError);
        const problems = (error as ClusterSafetyError).problems;
        // queue, buffer, cache, session cache, cookie secret, synchronize, scheduler
        expect(problems).toHaveLength(7);
        expect(error.message).toMatch(/^Refusing to start: this configuration is not safe for more than one instance:\n/);
        for (const problem of problems) {
            expect(error.message).toContain(`\n  - ${problem}`);
        }
    });

    it("refuses Vendure's bare defaults, which are all in memory", () => {
        const problems = clusterSafetyProblems({}, { production: false });
        expect(problems).toHaveLength(5);
        for (const expected of [/job queue is in memory/, /job buffer is in memory/, /cache is in memory/, /cookie secret is random/, /no scheduler/]) {
            expect(problems.some(problem => expected.test(problem)), String(expected)).toBe(true);
        }
    });
});

describe('in production, publicly known secrets are refused', () => {
    const known: Array<[string, (c: RuntimeVendureConfig) => void]> = [
        ['the cookie secret', c => (c.authOptions.cookieOptions.secret = EXAMPLE_SECRETS.COOKIE_SECRET)],
        ['the superadmin password', c => (c.authOptions.superadminCredentials.password = EXAMPLE_SECRETS.SUPERADMIN_PASSWORD)],
        ['the database password', c => (c.dbConnectionOptions = { ...c.dbConnectionOptions, password: EXAMPLE_SECRETS.DB_PASSWORD } as never)],
        ["Vendure's own superadmin password", c => (c.authOptions.superadminCredentials.password = 'superadmin')],
    ];

    it.each(known)('%s', async (_what, useKnownSecret) => {
        const runtime = await safeRuntime('bullmq');
        useKnownSecret(runtime);
        expect(clusterSafetyProblems(runtime, { production: false, jobQueue: 'bullmq' })).toEqual([]);
        expect(clusterSafetyProblems(runtime, { production: true, jobQueue: 'bullmq' })).toEqual([
            expect.stringMatching(/ is a publicly known default \(NODE_ENV=production\)$/),
        ]);
    });

    it('naming each, without echoing any', async () => {
        const runtime = await safeRuntime('bullmq');
        for (const [, useKnownSecret] of known.slice(0, 3)) {
            useKnownSecret(runtime);
        }
        const message = errorOf(() => assertClusterSafe(runtime, { production: true, jobQueue: 'bullmq' })).message;
        for (const what of ['cookie secret', 'superadmin password', 'database password']) {
            expect(message).toContain(`the ${what} is a publicly known default (NODE_ENV=production)`);
        }
        for (const value of Object.values(EXAMPLE_SECRETS)) {
            expect(message).not.toContain(value);
        }
    });

    it('falls back to NODE_ENV when ClusterPlugin was not told', async () => {
        const runtime = await safeRuntime('bullmq');
        known[0][1](runtime);
        const nodeEnv = process.env.NODE_ENV;
        try {
            process.env.NODE_ENV = 'production';
            expect(clusterSafetyProblems(runtime, { jobQueue: 'bullmq' })).toHaveLength(1);
            process.env.NODE_ENV = 'development';
            expect(clusterSafetyProblems(runtime, { jobQueue: 'bullmq' })).toEqual([]);
        } finally {
            process.env.NODE_ENV = nodeEnv;
        }
    });
});
