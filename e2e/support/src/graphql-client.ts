/**
 * GraphQL the way a storefront or the Dashboard talks to Vendure: a session held either as cookies
 * (a browser) or as the bearer token Vendure hands out in `vendure-auth-token` (an app), and the
 * instance that answered each request (X-Vendure-Instance, with INSTANCE_HEADER on).
 */
export type SessionMode = 'cookie' | 'bearer';

export interface GraphQLAnswer<T> {
    data: T;
    /** hostname:pid of the instance that answered, or '(none)' without the header. */
    instance: string;
}

/**
 * A session that belongs to the client, not to a server: every request may go to another URL
 * (another instance), carrying the same cookies or token.
 */
export class GraphQLSession {
    private cookies = new Map<string, string>();
    private bearer: string | undefined;

    /** `timeoutMs` bounds each request; without it a request waits as long as fetch does. */
    constructor(
        readonly mode: SessionMode = 'bearer',
        private readonly timeoutMs?: number,
    ) {}

    /** The bearer token Vendure last handed out, for callers that send it themselves. */
    get token(): string | undefined {
        return this.bearer;
    }

    /** POSTs the query to `url`; throws on an HTTP error, a non-JSON body or GraphQL errors. */
    async query<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
        const res = await fetch(url, {
            method: 'POST',
            headers: this.headers(),
            body: JSON.stringify({ query, variables }),
            signal: this.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.timeoutMs),
        });
        this.remember(res);
        const text = await res.text();
        let body: { data?: T; errors?: Array<{ message: string }> };
        try {
            body = JSON.parse(text);
        } catch {
            // nginx answers some failures (502, 413, 429) with HTML: show it rather than a SyntaxError.
            throw new Error(`${url} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
        }
        if (!res.ok || body.errors?.length) {
            throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
        }
        return { data: body.data as T, instance: res.headers.get('x-vendure-instance') ?? '(none)' };
    }

    /** A copy holding the same session, to replay it after the original has logged out. */
    snapshot(): GraphQLSession {
        const copy = new GraphQLSession(this.mode, this.timeoutMs);
        copy.cookies = new Map(this.cookies);
        copy.bearer = this.bearer;
        return copy;
    }

    /** Only the credential of this session's mode goes out, so a test proves that one carries it. */
    private headers(): Record<string, string> {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (this.mode === 'bearer' && this.bearer) {
            headers.authorization = `Bearer ${this.bearer}`;
        }
        if (this.mode === 'cookie' && this.cookies.size) {
            headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
        }
        return headers;
    }

    private remember(res: Response): void {
        this.bearer = res.headers.get('vendure-auth-token') ?? this.bearer;
        for (const line of res.headers.getSetCookie()) {
            const [pair] = line.split(';');
            const eq = pair.indexOf('=');
            this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
    }
}

/**
 * Through nginx a request can hang on an instance a test is taking down; bounded, it fails with
 * the URL instead of running into the test's own timeout.
 */
const REQUEST_TIMEOUT_MS = 30_000;

/** One API endpoint (a Shop or Admin API URL) and a session of its own. */
export class GraphQLClient {
    private readonly session: GraphQLSession;

    constructor(
        readonly url: string,
        mode: SessionMode = 'bearer',
    ) {
        this.session = new GraphQLSession(mode, REQUEST_TIMEOUT_MS);
    }

    get token(): string | undefined {
        return this.session.token;
    }

    request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
        return this.session.query<T>(this.url, query, variables);
    }

    /** The `login` mutation, which both APIs have; the session then holds the user. */
    async login(username: string, password: string): Promise<this> {
        const { data } = await this.request(
            `mutation ($username: String!, $password: String!) {
                login(username: $username, password: $password) { __typename ... on ErrorResult { message } }
            }`,
            { username, password },
        );
        if (data.login.__typename !== 'CurrentUser') {
            throw new Error(`login of ${username} failed: ${JSON.stringify(data.login)}`);
        }
        return this;
    }
}

/** The superadmin logged in through the stack's Admin API, as a reusable bearer session. */
export function adminSession(baseUrl: string, username: string, password: string): Promise<GraphQLClient> {
    return new GraphQLClient(`${baseUrl}/admin-api`, 'bearer').login(username, password);
}
