import { z } from 'zod';

/**
 * Every setting of a cluster comes from the environment, so that one image serves every role and
 * every instance. Defaults are the ones that are safe for many instances; secrets have none.
 */

const flag = z
    .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
    .transform(value => value === 'true' || value === '1');

const bool = (fallback: boolean) => flag.default(fallback);

const int = (fallback: number, min: number, max: number) =>
    z.coerce
        .number({ error: 'expected a whole number' })
        .int({ error: 'expected a whole number' })
        .min(min, { error: `expected at least ${min}` })
        .max(max, { error: `expected at most ${max}` })
        .default(fallback);

const port = (fallback: number) => int(fallback, 1, 65535);

const required = (what: string) =>
    z.string({ error: `required: ${what}` }).trim().min(1, { error: `required: ${what}` });

const envSchema = z.object({
    NODE_ENV: z
        .enum(['development', 'production', 'test'], { error: 'expected development, production or test' })
        .default('development'),
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
    /** Overrides the max_connections read from Postgres (e.g. behind a pooler with its own limit). */
    DB_MAX_CONNECTIONS: z.coerce
        .number({ error: 'expected a whole number' })
        .int({ error: 'expected a whole number' })
        .min(1, { error: 'expected at least 1' })
        .optional(),
    /**
     * The most processes this cluster will run, for the connection budget check (a container
     * cannot see `--scale`): replicas are containers or hosts, processes are pm2 instances in each.
     */
    SERVER_REPLICAS: int(1, 1, 1000),
    SERVER_PROCESSES: int(1, 1, 256),
    WORKER_REPLICAS: int(1, 1, 1000),
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

    /** Deepest GraphQL selection either API accepts; deeper documents are refused before they run. */
    GRAPHQL_MAX_DEPTH: int(20, 5, 100),

    /** Reverse-proxy hops in front of the servers (nginx = 1). */
    TRUST_PROXY_HOPS: int(1, 0, 10),
    /** Comma-separated origins allowed to call the APIs cross-site; empty = same origin only. */
    CORS_ORIGINS: z
        .string()
        .default('')
        .transform(value =>
            value
                .split(',')
                .map(origin => origin.trim())
                .filter(Boolean),
        )
        .pipe(z.array(z.url({ error: 'expected a comma-separated list of URLs' }))),

    /** A directory every instance shares (a volume). */
    ASSET_DIR: z.string().trim().min(1).default('static/assets'),
    ASSET_URL_PREFIX: z.url({ error: 'expected an absolute URL' }).optional(),
    ADMIN_UI: bool(true),
    /**
     * Where the admin UI's files are served from. The admin UI plugin rewrites two of them at every
     * start, so a read-only root filesystem needs a writable copy (docker/entrypoint.sh makes one);
     * unset = the files inside node_modules.
     */
    ADMIN_UI_APP_PATH: z.string().trim().min(1).optional(),

    /**
     * Failed logins (login/authenticate on either API) one client IP may make for one identifier,
     * and for all identifiers together, within the window; counted in Redis, so the limit holds
     * however many instances the attempts are spread over. LOGIN_MAX_FAILURES=0 turns it off.
     */
    LOGIN_MAX_FAILURES: int(5, 0, 10_000),
    LOGIN_MAX_FAILURES_PER_IP: int(100, 1, 1_000_000),
    LOGIN_FAILURE_WINDOW_SECONDS: int(900, 1, 86_400),

    /** Names the instance to every client: on by default, opt-in when NODE_ENV=production. */
    INSTANCE_HEADER: flag.optional(),
    /**
     * How long an idle keep-alive connection stays open. Must outlast the balancer's own idle
     * timeout (nginx upstream keepalive_timeout, 60 s by default): if Node closed first, a request
     * the balancer sends on that connection in the same instant fails, and a POST is not retried.
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

    SEED_SAMPLE_DATA: bool(false),
    VENDURE_DISABLE_TELEMETRY: bool(true),
});

export type ScalingEnv = Omit<z.output<typeof envSchema>, 'INSTANCE_HEADER'> & { INSTANCE_HEADER: boolean };

/** Raised by {@link readEnv}; its message names every bad variable and never echoes a value. */
export class EnvError extends Error {
    override readonly name = 'EnvError';
    constructor(readonly problems: readonly string[]) {
        super(`Invalid environment (${problems.length}):\n${problems.map(p => `  - ${p}`).join('\n')}`);
    }
}

export function readEnv(source: Record<string, string | undefined>): ScalingEnv {
    // An empty string means "unset": compose passes `VAR=` for variables that .env leaves blank.
    const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
    const result = envSchema.safeParse(present);
    if (result.success) {
        const env = result.data;
        return { ...env, INSTANCE_HEADER: env.INSTANCE_HEADER ?? env.NODE_ENV !== 'production' };
    }
    const problems = result.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError([...new Set(problems)].sort());
}
