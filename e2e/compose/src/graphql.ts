/**
 * Talks to the stack the way a storefront does, through nginx, holding its session either as
 * cookies or as the token Vendure hands out in `vendure-auth-token`, and noting which instance
 * answered each request.
 */
export interface Answer<T> {
    data: T;
    instance: string;
}

export class GraphQLSession {
    private readonly cookies = new Map<string, string>();
    private token: string | undefined;

    constructor(
        private readonly url: string,
        private readonly mode: 'cookie' | 'bearer' = 'bearer',
    ) {}

    async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (this.mode === 'bearer' && this.token) {
            headers.authorization = `Bearer ${this.token}`;
        }
        if (this.mode === 'cookie' && this.cookies.size) {
            headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
        }
        const res = await fetch(this.url, {
            method: 'POST',
            headers,
            body: JSON.stringify({ query, variables }),
            signal: AbortSignal.timeout(30_000),
        });
        this.keepSession(res);
        const text = await res.text();
        let body: { data?: T; errors?: Array<{ message: string }> };
        try {
            body = JSON.parse(text);
        } catch {
            throw new Error(`${this.url} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
        }
        if (!res.ok || body.errors?.length) {
            throw new Error(`${this.url} answered ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
        }
        return { data: body.data as T, instance: res.headers.get('x-vendure-instance') ?? '(none)' };
    }

    private keepSession(res: Response): void {
        const token = res.headers.get('vendure-auth-token');
        if (this.mode === 'bearer' && token) {
            this.token = token;
        }
        if (this.mode === 'cookie') {
            for (const line of res.headers.getSetCookie()) {
                const pair = line.split(';')[0];
                const eq = pair.indexOf('=');
                this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
            }
        }
    }
}

/** Logs in as the superadmin through the Admin API; the bearer session is then reusable. */
export async function adminSession(baseUrl: string, username: string, password: string): Promise<GraphQLSession> {
    const admin = new GraphQLSession(`${baseUrl}/admin-api`, 'bearer');
    const { data } = await admin.request(
        `mutation ($username: String!, $password: String!) {
            login(username: $username, password: $password) { __typename ... on ErrorResult { message } }
        }`,
        { username, password },
    );
    if (data.login.__typename !== 'CurrentUser') {
        throw new Error(`superadmin login failed: ${JSON.stringify(data.login)}`);
    }
    return admin;
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Polls until `check` returns a value, at most `attempts` times `intervalMs` apart. */
export async function eventually<T>(
    what: string,
    check: () => Promise<T | undefined>,
    { attempts = 60, intervalMs = 1_000 } = {},
): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
        try {
            const value = await check();
            if (value !== undefined) {
                return value;
            }
        } catch (error) {
            lastError = error;
        }
        await sleep(intervalMs);
    }
    throw new Error(`gave up waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}
