import { existsSync, readFileSync } from 'node:fs';

import { z } from 'zod';

/**
 * The settings of the stack's own protections that a load test from one address can run into:
 * nginx's per-address limits on both APIs (docker/nginx/templates) and the servers' login limiter
 * (packages/cluster/src/limits/login-rate-limit.ts).
 */
export const LIMIT_VARIABLES = [
    'NGINX_ADMIN_API_RATE',
    'NGINX_ADMIN_API_BURST',
    'NGINX_SHOP_API_RATE',
    'NGINX_SHOP_API_BURST',
    'NGINX_SHOP_API_CONNECTIONS',
    'LOGIN_MAX_FAILURES',
    'LOGIN_MAX_FAILURES_PER_IP',
    'LOGIN_FAILURE_WINDOW_SECONDS',
    'LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP',
    'LOGIN_MAX_CONCURRENT_PER_IP',
    'LOGIN_MAX_WAIT_MS',
] as const;
export type LimitVariable = (typeof LIMIT_VARIABLES)[number];

/**
 * Used when neither the environment, the env file nor compose.yaml sets a value. nginx's are
 * compose.yaml's defaults; the login limiter's are the servers' own (read-env.ts in
 * packages/cluster, which compose leaves to them). test/stack-limits.test.ts checks both.
 */
export const FALLBACK_DEFAULTS: Record<LimitVariable, string> = {
    NGINX_ADMIN_API_RATE: '20r/s',
    NGINX_ADMIN_API_BURST: '100',
    NGINX_SHOP_API_RATE: '100r/s',
    NGINX_SHOP_API_BURST: '200',
    NGINX_SHOP_API_CONNECTIONS: '100',
    LOGIN_MAX_FAILURES: '5',
    LOGIN_MAX_FAILURES_PER_IP: '40',
    LOGIN_FAILURE_WINDOW_SECONDS: '900',
    LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP: '30',
    LOGIN_MAX_CONCURRENT_PER_IP: '1',
    LOGIN_MAX_WAIT_MS: '10000',
};

export type LimitSource = 'environment' | 'env file' | 'compose.yaml' | 'default';

/** nginx's `rate=`: "20r/s" or "600r/m", as requests per second. */
export const nginxRate = z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?r\/[sm]$/, { error: 'expected an nginx rate such as 20r/s or 600r/m' })
    .transform(text => Number.parseFloat(text) / (text.endsWith('/m') ? 60 : 1));
const count = z.coerce.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' }).min(0, { error: 'expected 0 or more' });

const limitsSchema = z.object({
    NGINX_ADMIN_API_RATE: nginxRate,
    NGINX_ADMIN_API_BURST: count,
    NGINX_SHOP_API_RATE: nginxRate,
    NGINX_SHOP_API_BURST: count,
    NGINX_SHOP_API_CONNECTIONS: count,
    LOGIN_MAX_FAILURES: count,
    LOGIN_MAX_FAILURES_PER_IP: count,
    LOGIN_FAILURE_WINDOW_SECONDS: count,
    LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP: count,
    LOGIN_MAX_CONCURRENT_PER_IP: count,
    LOGIN_MAX_WAIT_MS: count,
});

export interface StackLimits {
    /** Each variable as set (its text, e.g. "20r/s") and where it came from. */
    settings: Record<LimitVariable, { text: string; source: LimitSource }>;
    adminApi: { requestsPerSecond: number; burst: number };
    shopApi: { requestsPerSecond: number; burst: number; connections: number };
    login: {
        maxFailures: number;
        maxFailuresPerIp: number;
        windowSeconds: number;
        maxPasswordMutationsPerIp: number;
        maxConcurrentPerIp: number;
        maxWaitMs: number;
    };
}

/** `${NAME:-default}` in compose.yaml: what compose passes when nothing else sets NAME. */
export function composeDefaults(composeText: string): Partial<Record<LimitVariable, string>> {
    const found: Partial<Record<LimitVariable, string>> = {};
    for (const name of LIMIT_VARIABLES) {
        const match = new RegExp(`\\$\\{${name}:-([^}]+)\\}`).exec(composeText);
        if (match) {
            found[name] = match[1];
        }
    }
    return found;
}

export interface LimitSources {
    env: Record<string, string | undefined>;
    /** The stack's env file (see setup/dot-env.ts). */
    envFile: Record<string, string>;
    /** compose.yaml's text, when the stack is the repo's compose stack. */
    composeText?: string;
}

/**
 * The limits of the stack under test, each from the first place that sets it: this process's
 * environment, the stack's env file, compose.yaml's default, the servers' default. An empty value
 * counts as unset, as compose passes `NAME=` for a variable .env leaves blank.
 */
export function readStackLimits(sources: LimitSources): StackLimits {
    const defaults = sources.composeText ? composeDefaults(sources.composeText) : {};
    const settings = {} as StackLimits['settings'];
    for (const name of LIMIT_VARIABLES) {
        const candidates: Array<[LimitSource, string | undefined]> = [
            ['environment', sources.env[name]],
            ['env file', sources.envFile[name]],
            ['compose.yaml', defaults[name]],
            ['default', FALLBACK_DEFAULTS[name]],
        ];
        const [source, text] = candidates.find(([, value]) => value !== undefined && value.trim() !== '') as [LimitSource, string];
        settings[name] = { text: text.trim(), source };
    }
    const parsed = limitsSchema.safeParse(Object.fromEntries(LIMIT_VARIABLES.map(name => [name, settings[name].text])));
    if (!parsed.success) {
        const problems = parsed.error.issues.map(issue => {
            const name = String(issue.path[0]) as LimitVariable;
            return `${name}=${settings[name]?.text} (${settings[name]?.source}): ${issue.message}`;
        });
        throw new Error(`cannot read the stack's limits:\n${problems.map(p => `  - ${p}`).join('\n')}`);
    }
    const v = parsed.data;
    return {
        settings,
        adminApi: { requestsPerSecond: v.NGINX_ADMIN_API_RATE, burst: v.NGINX_ADMIN_API_BURST },
        shopApi: { requestsPerSecond: v.NGINX_SHOP_API_RATE, burst: v.NGINX_SHOP_API_BURST, connections: v.NGINX_SHOP_API_CONNECTIONS },
        login: {
            maxFailures: v.LOGIN_MAX_FAILURES,
            maxFailuresPerIp: v.LOGIN_MAX_FAILURES_PER_IP,
            windowSeconds: v.LOGIN_FAILURE_WINDOW_SECONDS,
            maxPasswordMutationsPerIp: v.LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP,
            maxConcurrentPerIp: v.LOGIN_MAX_CONCURRENT_PER_IP,
            maxWaitMs: v.LOGIN_MAX_WAIT_MS,
        },
    };
}

/** readStackLimits with a compose file read from disk when it exists. */
export function readStackLimitsFrom(env: Record<string, string | undefined>, envFile: Record<string, string>, composeFile: string): StackLimits {
    return readStackLimits({ env, envFile, composeText: existsSync(composeFile) ? readFileSync(composeFile, 'utf8') : undefined });
}
