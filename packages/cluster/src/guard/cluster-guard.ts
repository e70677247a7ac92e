import {
    defaultConfig,
    InMemoryJobBufferStorageStrategy,
    InMemorySessionCacheStrategy,
    PluginCommonModule,
    VendurePlugin,
    type RuntimeVendureConfig,
    type VendureConfig,
} from '@vendure/core';
// Not re-exported by @vendure/core's index, but they are the defaults this guard exists to refuse.
import { InMemoryCacheStrategy } from '@vendure/core/dist/config/system/in-memory-cache-strategy';
import { InMemoryJobQueueStrategy } from '@vendure/core/dist/job-queue/in-memory-job-queue-strategy';
import { NoopSchedulerStrategy } from '@vendure/core/dist/scheduler/noop-scheduler-strategy';

import { isKnownDefaultSecret } from '../env/known-defaults';

/** A config that only works while there is one process; the message lists every reason. */
export class ClusterSafetyError extends Error {
    override readonly name = 'ClusterSafetyError';
    constructor(readonly problems: readonly string[]) {
        super(`Refusing to start: this configuration is not safe for more than one instance:\n${problems
            .map(p => `  - ${p}`)
            .join('\n')}`);
    }
}

type AnyConfig = Partial<VendureConfig> | Readonly<RuntimeVendureConfig>;

/** What ClusterPlugin was asked for, so that a plugin after it cannot quietly undo it. */
export interface GuardExpectations {
    jobQueue?: 'bullmq' | 'database';
    production?: boolean;
}

const nameOf = (value: unknown) => (value as { constructor?: { name?: string } })?.constructor?.name ?? String(value);

/**
 * A strategy left unset means Vendure's default, and every default below lives in one process's
 * memory. Checked on the effective config, after every plugin configured it.
 */
function inProcessState(config: AnyConfig, expected: GuardExpectations): string[] {
    const problems: string[] = [];
    const queue = config.jobQueueOptions?.jobQueueStrategy;
    if (!queue || queue instanceof InMemoryJobQueueStrategy) {
        problems.push('the job queue is in memory: jobs would never reach the workers (use BullMQ or the database queue)');
    } else if (expected.jobQueue === 'bullmq' && nameOf(queue) !== 'BullMQJobQueueStrategy') {
        problems.push(
            `the job queue is ${nameOf(queue)}, not the BullMQ queue ClusterPlugin set: a plugin after ClusterPlugin replaced it ` +
                '(put ClusterPlugin after DefaultJobQueuePlugin, or remove that one)',
        );
    }
    const buffer = config.jobQueueOptions?.jobBufferStorageStrategy;
    if (!buffer || buffer instanceof InMemoryJobBufferStorageStrategy) {
        problems.push('the job buffer is in memory: buffered jobs would be lost with the process');
    }
    const cache = config.systemOptions?.cacheStrategy;
    if (!cache || cache instanceof InMemoryCacheStrategy) {
        problems.push('the cache is in memory: instances would serve each other stale data');
    }
    if (config.authOptions?.sessionCacheStrategy instanceof InMemorySessionCacheStrategy) {
        problems.push('the session cache is in memory: a session would exist on one instance only');
    }
    const secret = config.authOptions?.cookieOptions?.secret;
    if (!secret || secret === defaultConfig.authOptions.cookieOptions.secret) {
        problems.push('the cookie secret is random per process: cookies signed by one instance fail on the others');
    }
    if (config.dbConnectionOptions?.synchronize) {
        problems.push('dbConnectionOptions.synchronize is on: instances would race to alter the schema (use migrations)');
    }
    const scheduler = config.schedulerOptions?.schedulerStrategy;
    if (!scheduler || scheduler instanceof NoopSchedulerStrategy) {
        problems.push(
            'no scheduler runs scheduled tasks (session clean-up among them): add DefaultSchedulerPlugin.init(), ' +
                'which runs each task once per cluster under a database lock',
        );
    }
    return problems;
}

function defaultSecrets(config: AnyConfig): string[] {
    const candidates: Array<[string, unknown]> = [
        ['the cookie secret', config.authOptions?.cookieOptions?.secret],
        ['the superadmin password', config.authOptions?.superadminCredentials?.password],
        ['the database password', (config.dbConnectionOptions as { password?: unknown } | undefined)?.password],
    ];
    return candidates
        .filter(([, value]) => typeof value === 'string' && isKnownDefaultSecret(value))
        .map(([what]) => `${what} is a publicly known default (NODE_ENV=production)`);
}

export function clusterSafetyProblems(config: AnyConfig, expected: GuardExpectations = {}): string[] {
    const production = expected.production ?? process.env.NODE_ENV === 'production';
    return [...inProcessState(config, expected), ...(production ? defaultSecrets(config) : [])];
}

export function assertClusterSafe(config: AnyConfig, expected: GuardExpectations = {}): void {
    const problems = clusterSafetyProblems(config, expected);
    if (problems.length) {
        throw new ClusterSafetyError(problems);
    }
}

/**
 * ClusterPlugin appends this to the plugin list while Vendure runs the configuration hooks (they
 * run in list order, at the start of every role: server, worker, migrations), so it runs after
 * every other plugin and sees the config exactly as they left it, wherever ClusterPlugin stands.
 */
@VendurePlugin({
    imports: [PluginCommonModule],
    configuration: config => {
        assertClusterSafe(config, ClusterGuardPlugin.expected);
        return config;
    },
    compatibility: '^3.0.0',
})
export class ClusterGuardPlugin {
    static expected: GuardExpectations = {};
}
