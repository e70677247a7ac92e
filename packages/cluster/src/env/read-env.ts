import { z } from 'zod';

import { DEPRECATED_NAMES, renameDeprecated } from './deprecated-names';
import { readSecretFiles, SECRET_SETTINGS, type ReadFile } from './secret-files';

/**
 * Every setting of a cluster comes from the environment, so that one image serves every role and
 * every instance. Defaults are the ones that are safe for many instances; secrets have none.
 */

const flag = z
    .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
    .transform(value => value === 'true' || value === '1');

/** A true/false variable with a default. */
const bool = (fallback: boolean) => flag.default(fallback);

/** A whole-number variable in [min, max] with a default. */
const int = (fallback: number, min: number, max: number) => optionalInt(min, max).default(fallback);

const optionalInt = (min: number, max: number) =>
    z.coerce
        .number({ error: 'expected a whole number' })
        .int({ error: 'expected a whole number' })
        .min(min, { error: `expected at least ${min}` })
        .max(max, { error: `expected at most ${max}` });

const port = (fallback: number) => int(fallback, 1, 65535);

/** A variable that must be set to something other than blanks. */
const required = (what: string) =>
    z.string({ error: `required: ${what}` }).trim().min(1, { error: `required: ${what}` });

const clusterEnvShape = {
    NODE_ENV: z
        .enum(['development', 'production', 'test'], { error: 'expected development, production or test' })
        .default('production'),
    /** Names the instance in logs and in the X-Vendure-Instance header; defaults to hostname:pid. */
    INSTANCE_ID: z.string().trim().min(1).optional(),
    LOG_LEVEL: z
        .enum(['error', 'warn', 'info', 'verbose', 'debug'], { error: 'expected error, warn, info, verbose or debug' })
        .default('info'),

    PORT: port(3000),
    WORKER_HEALTH_PORT: port(3020),

    DB_HOST: required('the Postgres host'),
    DB_PORT: port(5432),
    DB_NAME: required('the Postgres database name'),
    DB_USERNAME: required('the Postgres user'),
    DB_PASSWORD: required('the Postgres password'),
    DB_SCHEMA: z.string().trim().min(1).default('public'),
    /** Connections per process: (servers + workers) x pool must stay below Postgres max_connections. */
    DB_POOL_SIZE: int(10, 1, 500),
    /**
     * The connection limit the budget is checked against, when it is not Postgres' own
     * max_connections (a pooler in between has its own). Unset = read from Postgres.
     */
    DB_CONNECTION_LIMIT: optionalInt(1, 1_000_000).optional(),
    /** How long the migrate role waits for another one's migration lock before it gives up. */
    MIGRATION_LOCK_TIMEOUT_MS: int(600_000, 1_000, 86_400_000),
    /**
     * The most processes this cluster will run, for the connection budget check (a container
     * cannot see `--scale`): replicas are containers or hosts, processes are pm2 instances in each.
     */
    MAX_SERVER_REPLICAS: int(1, 1, 1000),
    SERVER_PROCESSES: int(1, 1, 256),
    MAX_WORKER_REPLICAS: int(1, 1, 1000),
    WORKER_PROCESSES: int(1, 1, 256),

    REDIS_HOST: required('the Redis host'),
    REDIS_PORT: port(6379),
    REDIS_PASSWORD: z.string().min(1).optional(),
    REDIS_DB: int(0, 0, 15),
    /** Namespaces BullMQ keys and cache keys, so that two shops can share one Redis. */
    REDIS_PREFIX: z
        .string()
        .regex(/^[a-z0-9][a-z0-9_-]*$/i, { error: 'expected letters, digits, - or _' })
        .default('vendure'),

    JOB_QUEUE: z.enum(['bullmq', 'database'], { error: 'expected bullmq or database' }).default('bullmq'),

    COOKIE_SECRET: required('the session cookie secret, identical on every instance').pipe(
        z.string().min(32, { error: 'expected at least 32 characters' }),
    ),
    SUPERADMIN_USERNAME: z.string().trim().min(1).default('superadmin'),
    SUPERADMIN_PASSWORD: required('the superadmin password').pipe(
        z.string().min(12, { error: 'expected at least 12 characters' }),
    ),

    /** How long an instance may serve a stale channel, zone or tax rate after another changed it. */
    CHANNEL_CACHE_TTL_MS: int(30_000, 0, 86_400_000),
    ZONE_CACHE_TTL_MS: int(30_000, 0, 86_400_000),
    TAX_RATE_CACHE_TTL_MS: int(30_000, 0, 86_400_000),

    /**
     * What one Shop API operation may cost, checked before it runs (see limits/operation-limits.ts
     * for what each counts). The Admin API keeps the code's defaults, sized for the Dashboard.
     */
    GRAPHQL_MAX_DEPTH: int(20, 5, 100),
    GRAPHQL_MAX_TOKENS: int(2000, 100, 100_000),
    GRAPHQL_MAX_ALIASES: int(15, 1, 1000),
    GRAPHQL_MAX_DIRECTIVES: int(20, 1, 1000),
    // Bounded: this is what keeps the complexity score's own walk of the document cheap.
    GRAPHQL_MAX_COST: int(5000, 100, 1_000_000),
    /** Vendure's take-aware complexity estimate; 0 turns it off. */
    GRAPHQL_MAX_COMPLEXITY: int(1000, 0, 100_000),
    /** Admin API introspection in production (off by default: the Dashboard does not need it at run time). */
    GRAPHQL_ADMIN_INTROSPECTION: bool(false),

    /** Reverse-proxy hops in front of the servers (nginx = 1). */
    TRUST_PROXY_HOPS: int(1, 0, 10),

    /**
     * Failed logins (login/authenticate on either API) one client address may make for one
     * identifier, and for all identifiers together, within the window; counted in Redis, so the
     * limit holds however many instances the attempts are spread over. LOGIN_MAX_FAILURES=0 turns
     * it off.
     */
    LOGIN_MAX_FAILURES: int(5, 0, 10_000),
    // 40: one address then holds at most 2 x 40 + 2 limiter keys in Redis (see redis-login-counter.ts).
    LOGIN_MAX_FAILURES_PER_IP: int(40, 1, 1_000_000),
    LOGIN_FAILURE_WINDOW_SECONDS: int(900, 1, 86_400),
    /** Calls per address and window of the Shop API's other bcrypt mutations (register, reset, …). */
    LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP: int(30, 1, 1_000_000),
    /**
     * Password checks and hashes one address may have running at once, cluster-wide: each takes
     * about 0.2 s of a core, so this is the CPU one address can claim. More logins wait for a slot.
     */
    LOGIN_MAX_CONCURRENT_PER_IP: int(1, 1, 10_000),
    /** How long a login waits for a free slot before it is answered 429. */
    LOGIN_MAX_WAIT_MS: int(10_000, 0, 60_000),

    /** Names the instance to every client: opt-in, since it names internal hosts. */
    INSTANCE_HEADER: bool(false),
    /**
     * How long an idle keep-alive connection stays open. Must outlast the balancer's own idle
     * timeout: if Node closed first, a request the balancer sends on that connection in the same
     * instant fails, and a POST is not retried.
     */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: int(65_000, 1_000, 600_000),
    /** After SIGTERM: keep serving normally this long, so a balancer fed by DNS moves away first. */
    SHUTDOWN_DRAIN_DELAY_MS: int(0, 0, 60_000),
    /** After that: how long in-flight requests and jobs get before the process exits anyway. */
    SHUTDOWN_GRACE_MS: int(10_000, 0, 600_000),
    /**
     * After closing: stay alive refusing connections this long, so a balancer that still has the
     * address fails over at once instead of timing out on it (see graceful-shutdown.ts).
     */
    SHUTDOWN_LINGER_MS: int(0, 0, 60_000),

    VENDURE_DISABLE_TELEMETRY: bool(true),
};

const clusterEnvSchema = z.object(clusterEnvShape);

export type ClusterEnv = z.output<typeof clusterEnvSchema>;

/** Raised by {@link readEnv}; its message names every bad variable and never echoes a value. */
export class EnvError extends Error {
    override readonly name = 'EnvError';
    constructor(readonly problems: readonly string[]) {
        super(`Invalid environment (${problems.length}):\n${problems.map(p => `  - ${p}`).join('\n')}`);
    }
}

export type EnvSource = Record<string, string | undefined>;

export interface ReadEnvOptions<Extra extends z.ZodRawShape> {
    /** An app's own settings, validated in the same pass so that one message names every problem. */
    extend?: Extra;
    /** Secrets that may also come from a `NAME_FILE`, beyond the cluster's own. */
    secretSettings?: readonly string[];
    readFile?: ReadFile;
}

/**
 * Validates the environment of any role. Secrets may be given as `NAME_FILE` (the official
 * images' convention: Docker and Kubernetes secrets are files), read here once. The old names of
 * renamed variables still work for one release; {@link envWarnings} says which were used.
 */
export function readEnv<Extra extends z.ZodRawShape = Record<never, never>>(
    source: EnvSource,
    options: ReadEnvOptions<Extra> = {},
): ClusterEnv & z.output<z.ZodObject<Extra>> {
    // An empty string means "unset": compose passes `VAR=` for variables that .env leaves blank.
    const present = Object.fromEntries(
        Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
    );
    const secrets = readSecretFiles(present, [...SECRET_SETTINGS, ...(options.secretSettings ?? [])], options.readFile);
    const schema = clusterEnvSchema.extend(options.extend ?? {});
    const result = schema.safeParse(renameDeprecated({ ...present, ...secrets.values }));
    // A secret whose file could not be read is named by that problem already; "required" would
    // only send the operator looking for a variable they did set (as NAME_FILE).
    const issues = result.success ? [] : result.error.issues.filter(issue => !secrets.unreadable.includes(String(issue.path[0])));
    const problems = [...secrets.problems, ...issues.map(issue => `${settingName(issue.path, present)}: ${issue.message}`)];
    if (problems.length || !result.success) {
        throw new EnvError([...new Set(problems)].sort());
    }
    return result.data as ClusterEnv & z.output<z.ZodObject<Extra>>;
}

/**
 * The variable a problem is about, as the operator set it: a bad value under an old name is
 * reported under that name, or they would look for a variable they never set.
 */
function settingName(path: ReadonlyArray<PropertyKey>, present: Record<string, string>): string {
    const [name, ...rest] = path.map(String);
    const old = Object.keys(DEPRECATED_NAMES).find(key => DEPRECATED_NAMES[key] === name && present[key] !== undefined && present[name] === undefined);
    return [old ? `${old} (now ${name})` : name, ...rest].join('.');
}

/** What an operator should hear about at start-up without being stopped: renamed variables. */
export function envWarnings(source: EnvSource): string[] {
    return Object.entries(DEPRECATED_NAMES)
        .filter(([old]) => source[old] !== undefined && source[old] !== '')
        .map(([old, now]) => `${old} is deprecated and will be removed in the next release: use ${now}`);
}
