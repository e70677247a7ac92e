import { graphqlErrorCode, spreadRequests, timedPost, type Answer } from './timed-request';

/**
 * Levels of the document: a validator that walks a fragment again at every spread visits 2^levels
 * fragments. 20 levels (about 800 bytes) cost an unprotected server 11.8 s of blocked event loop;
 * every level more doubles it, so more would keep an unprotected server blocked past this suite.
 */
export const FRAGMENT_LEVELS = 20;

/**
 * F0 spreads F1 twice, F1 spreads F2 twice, …: valid GraphQL, under 1 KB, that graphql-js
 * validates in milliseconds and that only asks for the active channel's code once.
 */
export function fragmentDoublingDocument(levels = FRAGMENT_LEVELS): string {
    const fragments = Array.from({ length: levels }, (_, i) =>
        i === levels - 1 ? `fragment F${i} on Query{activeChannel{code}}` : `fragment F${i} on Query{...F${i + 1} ...F${i + 1}}`,
    );
    return `query Doubling{...F0}\n${fragments.join('\n')}`;
}

/** Four such requests, one at a time, over at least 5 s: one per server, were each to block one. */
export function sendFragmentDoubling(baseUrl: string): Promise<Answer[]> {
    const body = JSON.stringify({ query: fragmentDoublingDocument() });
    return spreadRequests({ total: 4, concurrency: 1, minDurationMs: 5_000 }, () =>
        timedPost(`${baseUrl}/shop-api`, body, { classify: (_, text) => graphqlErrorCode(text) }),
    );
}
