// The k6 twin of src/graphql/rate-limit.ts: which of the stack's limits answered a request 429.
// nginx answers its limit_req/limit_conn 429 with its own HTML page; the servers answer with a
// GraphQL error whose code is TOO_MANY_REQUESTS. Neither is a server error.

/** @typedef {'nginx-admin-api' | 'nginx-shop-api' | 'nginx' | 'login-failures' | 'login-concurrency' | 'password-mutations' | 'server'} LimitKind */

/** @type {LimitKind[]} */
export const LIMIT_KINDS = ['nginx-admin-api', 'nginx-shop-api', 'nginx', 'login-failures', 'login-concurrency', 'password-mutations', 'server'];

/** What to change, per limit: the same advice as src/limits/limit-advice.ts, in short. */
/** @type {Record<LimitKind, string>} */
export const LIMIT_SETTINGS = {
    'nginx-admin-api': "nginx's Admin API limit per address: NGINX_ADMIN_API_RATE / NGINX_ADMIN_API_BURST",
    'nginx-shop-api': "nginx's Shop API limit per address: NGINX_SHOP_API_RATE / NGINX_SHOP_API_BURST / NGINX_SHOP_API_CONNECTIONS",
    nginx: 'an nginx limit outside the two APIs (docker/nginx/templates)',
    'login-failures': "the servers' login limiter, failed logins: LOGIN_MAX_FAILURES / LOGIN_MAX_FAILURES_PER_IP (LOGIN_MAX_FAILURES=0 turns it off)",
    'login-concurrency': "the servers' login limiter, logins waiting for a slot: LOGIN_MAX_CONCURRENT_PER_IP / LOGIN_MAX_WAIT_MS (LOGIN_MAX_FAILURES=0 turns it off)",
    'password-mutations': "the servers' account-mutation limit: LOGIN_MAX_PASSWORD_MUTATIONS_PER_IP",
    server: 'a limit of the servers (TOO_MANY_REQUESTS)',
};

/**
 * @param {string} message
 * @returns {LimitKind}
 */
function serverLimit(message) {
    if (/failed login/i.test(message)) return 'login-failures';
    if (/concurrent password/i.test(message)) return 'login-concurrency';
    if (/password and account/i.test(message)) return 'password-mutations';
    return 'server';
}

/**
 * @param {'shop' | 'admin'} api
 * @param {number} status
 * @param {any} body the parsed JSON body, or null when it is not JSON
 * @returns {LimitKind | undefined}
 */
export function classifyRateLimit(api, status, body) {
    const errors = body && Array.isArray(body.errors) ? body.errors : [];
    const limited = errors.find(/** @param {any} e */ e => e && e.extensions && e.extensions.code === 'TOO_MANY_REQUESTS');
    if (limited) return serverLimit(String(limited.message || ''));
    if (status !== 429) return undefined;
    if (body) return serverLimit(String((errors[0] && errors[0].message) || ''));
    return api === 'admin' ? 'nginx-admin-api' : 'nginx-shop-api';
}
