/**
 * A small GraphQL client that carries a session the way a browser or an app does: as cookies, or
 * as the bearer token Vendure returns in `vendure-auth-token`. The session belongs to the client,
 * not to a server, so one client can talk to any instance.
 */
export type SessionMode = 'cookie' | 'bearer';

export interface GraphQLResult<T> {
    data: T;
    instance: string | null;
}

export class GraphQLClient {
    private cookies = new Map<string, string>();
    private token: string | undefined;

    constructor(private readonly mode: SessionMode = 'bearer') {}

    async query<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (this.mode === 'bearer' && this.token) {
            headers.authorization = `Bearer ${this.token}`;
        }
        if (this.mode === 'cookie' && this.cookies.size) {
            headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
        }
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
        this.remember(res);
        const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
        if (!res.ok || body.errors?.length) {
            throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
        }
        return { data: body.data as T, instance: res.headers.get('x-vendure-instance') };
    }

    /** A copy holding the same session, to replay it after the original has logged out. */
    snapshot(): GraphQLClient {
        const copy = new GraphQLClient(this.mode);
        copy.cookies = new Map(this.cookies);
        copy.token = this.token;
        return copy;
    }

    private remember(res: Response): void {
        const token = res.headers.get('vendure-auth-token');
        if (token) {
            this.token = token;
        }
        for (const line of res.headers.getSetCookie()) {
            const [pair] = line.split(';');
            const eq = pair.indexOf('=');
            this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
    }
}
