import { getIntrospectionQuery } from 'graphql';

import { graphqlErrorCode, spreadRequests, timedPost, type Answer } from './timed-request';

export const INTROSPECTION_REQUESTS = 30;

/**
 * graphql-js's own introspection query (what GraphiQL and codegen send), 30 times, five at a time,
 * on the Shop API. A production stack refuses it; where it answered, each answer is the whole
 * schema (hundreds of KB) built afresh.
 */
export function sendIntrospectionBurst(baseUrl: string): Promise<Answer[]> {
    const body = JSON.stringify({ query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' });
    return spreadRequests({ total: INTROSPECTION_REQUESTS, concurrency: 5, minDurationMs: 5_000 }, () =>
        timedPost(`${baseUrl}/shop-api`, body, {
            // A schema in the answer is what matters, not only the status.
            classify: (_, text) => (text.includes('"__schema"') ? 'schema' : graphqlErrorCode(text)),
        }),
    );
}
