/**
 * Which of the stack's limits answered a request 429. Each kind names a limit an operator can
 * look up and raise (see limits/limit-advice.ts); none of them is a server error.
 */
export const LIMIT_KINDS = [
    'nginx-admin-api',
    'nginx-shop-api',
    'nginx',
    'login-failures',
    'login-concurrency',
    'password-mutations',
    'server',
] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

interface GraphqlBody {
    errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
}

function parseJson(body: string): GraphqlBody | undefined {
    try {
        const parsed: unknown = JSON.parse(body);
        return typeof parsed === 'object' && parsed !== null ? (parsed as GraphqlBody) : undefined;
    } catch {
        return undefined;
    }
}

/** The servers' own limiters answer with a GraphQL error (packages/cluster/src/limits/login-rate-limit.ts). */
function serverLimit(message: string): LimitKind {
    if (/failed login/i.test(message)) return 'login-failures';
    if (/concurrent password/i.test(message)) return 'login-concurrency';
    if (/password and account/i.test(message)) return 'password-mutations';
    return 'server';
}

/**
 * nginx answers its `limit_req`/`limit_conn` 429 with its own HTML page, before any server sees
 * the request; the servers answer 429 with a GraphQL body whose error has the code
 * TOO_MANY_REQUESTS (and a Retry-After header). A TOO_MANY_REQUESTS error under another status
 * counts too: what limited the request matters here, not how the status was set.
 */
export function classifyRateLimit(path: string, status: number, body: string): LimitKind | undefined {
    const json = parseJson(body);
    const limited = json?.errors?.find(error => error?.extensions?.code === 'TOO_MANY_REQUESTS');
    if (limited) {
        return serverLimit(String(limited.message ?? ''));
    }
    if (status !== 429) {
        return undefined;
    }
    if (json) {
        return serverLimit(String(json.errors?.[0]?.message ?? ''));
    }
    if (/^\/admin-api(\/|$|\?)/i.test(path)) return 'nginx-admin-api';
    if (/^\/shop-api(\/|$|\?)/i.test(path)) return 'nginx-shop-api';
    return 'nginx';
}
