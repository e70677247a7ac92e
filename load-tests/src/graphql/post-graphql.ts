import { judgeResponse } from './judge-response';

export interface GraphqlCall {
    baseUrl: string;
    api: 'shop' | 'admin';
    query: string;
    variables?: Record<string, unknown>;
    token?: string;
    timeoutMs?: number;
}

export interface GraphqlAnswer<T> {
    data: T;
    /** The session token the server handed out (vendure-auth-token), if any. */
    token?: string;
    instance?: string;
}

/**
 * One request for setup and the orchestrators (not under load): throws on any failure, GraphQL
 * errors included, so that setup never carries on with half a catalogue.
 */
export async function postGraphql<T>(call: GraphqlCall): Promise<GraphqlAnswer<T>> {
    const response = await fetch(`${call.baseUrl}/${call.api}-api`, {
        method: 'POST',
        // csrfPrevention on the server: a JSON content-type is what lets the POST through.
        headers: {
            'content-type': 'application/json',
            ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
        },
        body: JSON.stringify({ query: call.query, variables: call.variables ?? {} }),
        signal: AbortSignal.timeout(call.timeoutMs ?? 30_000),
    });
    const body = await response.text();
    const verdict = judgeResponse(`/${call.api}-api`, response.status, body);
    if (verdict.rateLimited) {
        throw new Error(`${call.api}-api: rate-limited by the stack (${verdict.rateLimited})`);
    }
    if (verdict.failed || verdict.graphqlErrors) {
        throw new Error(`${call.api}-api: ${verdict.detail ?? 'failed'}`);
    }
    return {
        data: (JSON.parse(body) as { data: T }).data,
        token: response.headers.get('vendure-auth-token') ?? undefined,
        instance: response.headers.get('x-vendure-instance') ?? undefined,
    };
}
