import type { LimitKind } from '../graphql/rate-limit';
import type { LimitVariable, StackLimits } from './stack-limits';

interface Advice {
    what: string;
    variables: LimitVariable[];
    /** How to move it out of a benchmark's way. */
    raise: string;
}

const RESTART = 'in the stack\'s .env, then `docker compose up -d`';

const ADVICE: Record<LimitKind, Advice> = {
    'nginx-admin-api': {
        what: "nginx's Admin API limit per client address",
        variables: ['NGINX_ADMIN_API_RATE', 'NGINX_ADMIN_API_BURST'],
        raise: `a load test sends everything from one address: for a benchmark set e.g. NGINX_ADMIN_API_RATE=10000r/s NGINX_ADMIN_API_BURST=10000 ${RESTART}, or lower --rate`,
    },
    'nginx-shop-api': {
        what: "nginx's Shop API limit per client address (requests/s, or requests in flight)",
        variables: ['NGINX_SHOP_API_RATE', 'NGINX_SHOP_API_BURST', 'NGINX_SHOP_API_CONNECTIONS'],
        raise: `a load test sends everything from one address: for a benchmark set e.g. NGINX_SHOP_API_RATE=10000r/s NGINX_SHOP_API_BURST=10000 NGINX_SHOP_API_CONNECTIONS=10000 ${RESTART}, or lower --rate`,
    },
    nginx: {
        what: 'an nginx limit outside the two APIs',
        variables: [],
        raise: 'see docker/nginx/templates/default.conf.template',
    },
    'login-failures': {
        what: "the servers' login limiter: too many failed logins from this address",
        variables: ['LOGIN_MAX_FAILURES', 'LOGIN_MAX_FAILURES_PER_IP', 'LOGIN_FAILURE_WINDOW_SECONDS'],
        raise: `the load test's own logins do not fail: check SUPERADMIN_PASSWORD and LOADTEST_CUSTOMER_PASSWORD, and wait out the window; for a benchmark LOGIN_MAX_FAILURES=0 turns the limiter off (${RESTART})`,
    },
    'login-concurrency': {
        what: "the servers' login limiter: logins waited longer than allowed for a free slot (the servers check passwords slower than they arrive)",
        variables: ['LOGIN_MAX_CONCURRENT_PER_IP', 'LOGIN_MAX_WAIT_MS', 'LOGIN_MAX_FAILURES'],
        raise: `lower --rate, or for a benchmark LOGIN_MAX_FAILURES=0 turns the limiter off (${RESTART})`,
    },
    'password-mutations': {
        what: "the servers' limit on account mutations (register, password reset, …) per address",
        variables: ['LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP', 'LOGIN_FAILURE_WINDOW_SECONDS'],
        raise: `wait out the window, or for a benchmark LOGIN_MAX_FAILURES=0 turns the limiter off (${RESTART})`,
    },
    server: {
        what: 'a limit of the servers (429 TOO_MANY_REQUESTS)',
        variables: [],
        raise: 'see packages/cluster/src/limits',
    },
};

/** "nginx's Shop API limit per client address (NGINX_SHOP_API_RATE=100r/s, …)". */
export function describeLimit(kind: LimitKind, limits?: StackLimits): string {
    const advice = ADVICE[kind];
    const values = advice.variables.map(name => (limits ? `${name}=${limits.settings[name].text}` : name));
    return values.length ? `${advice.what} (${values.join(', ')})` : advice.what;
}

/** How to move a limit out of a benchmark's way. */
export function howToRaise(kind: LimitKind): string {
    return ADVICE[kind].raise;
}

/** The message of a run that tripped a limit: which one, how often, and how to raise it. */
export function limitTripped(counts: Partial<Record<LimitKind, number>>, limits?: StackLimits): string[] {
    return Object.entries(counts)
        .filter(([, n]) => (n ?? 0) > 0)
        .map(([kind, n]) => {
            return `RATE-LIMITED BY THE STACK: ${n} answer(s) 429 from ${describeLimit(kind as LimitKind, limits)}. To raise it: ${howToRaise(kind as LimitKind)}.`;
        });
}
