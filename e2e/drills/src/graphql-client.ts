/**
 * The few GraphQL calls the drills make around their request loop (log in, enqueue jobs, read job
 * states), through nginx like any client, holding the session as a bearer token.
 */
export class GraphQLClient {
    token: string | undefined;

    constructor(readonly url: string) {}

    async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (this.token) {
            headers.authorization = `Bearer ${this.token}`;
        }
        const res = await fetch(this.url, {
            method: 'POST',
            headers,
            body: JSON.stringify({ query, variables }),
            signal: AbortSignal.timeout(30_000),
        });
        this.token = res.headers.get('vendure-auth-token') ?? this.token;
        const text = await res.text();
        let body: { data?: T; errors?: Array<{ message: string }> };
        try {
            body = JSON.parse(text);
        } catch {
            throw new Error(`${this.url} answered ${res.status}: ${text.slice(0, 200)}`);
        }
        if (!res.ok || body.errors?.length) {
            throw new Error(`${this.url} answered ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
        }
        return body.data as T;
    }

    async login(username: string, password: string): Promise<this> {
        const data = await this.request(
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

export interface JobView {
    id: string;
    queueName: string;
    state: string;
    createdAt: string;
    attempts: number;
}

/** Jobs created since `since` (ms), read through the Admin API from the BullMQ queue. */
export async function jobsSince(admin: GraphQLClient, since: number): Promise<JobView[]> {
    const data = await admin.request(`{ jobs(options: { take: 1000 }) { items { id queueName state createdAt attempts } } }`);
    return (data.jobs.items as JobView[]).filter(j => new Date(j.createdAt).getTime() >= since - 1_000);
}

/** Renames a product: Vendure enqueues one `update-search-index` job for it. */
export async function renameProduct(admin: GraphQLClient, id: string, name: string): Promise<void> {
    await admin.request(`mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { id } }`, {
        input: { id, translations: [{ languageCode: 'en', name }] },
    });
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Polls until `check` returns a value; bounded in attempts, so no drill can wait forever. */
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
