import { graphqlErrorCode, spreadRequests, timedPost, type Answer } from './timed-request';

/**
 * `count` aliases of a 100-product page with its variants and collections: one anonymous request
 * that asks an unprotected server to build `count` × 100 products' worth of answer at once.
 * 200 aliases make about 21 KB.
 */
export function aliasAmplificationDocument(count: number): string {
    const alias = (i: number) =>
        `p${i}:products(options:{take:100}){items{id name variants{id name sku price} collections{id name}}}`;
    return `query Amplified{${Array.from({ length: count }, (_, i) => alias(i)).join(' ')}}`;
}

/** 200 aliases, four at once (one per server), three rounds spread over at least 5 s. */
export function sendWideAliasAmplification(baseUrl: string): Promise<Answer[]> {
    const body = JSON.stringify({ query: aliasAmplificationDocument(200) });
    return spreadRequests({ total: 12, concurrency: 4, minDurationMs: 5_000 }, () =>
        timedPost(`${baseUrl}/shop-api`, body, { classify: (_, text) => graphqlErrorCode(text) }),
    );
}

/** 50 aliases, one at a time: enough to keep one unprotected server busy for seconds. */
export function sendNarrowAliasAmplification(baseUrl: string): Promise<Answer[]> {
    const body = JSON.stringify({ query: aliasAmplificationDocument(50) });
    return spreadRequests({ total: 4, concurrency: 1, minDurationMs: 5_000 }, () =>
        timedPost(`${baseUrl}/shop-api`, body, { classify: (_, text) => graphqlErrorCode(text) }),
    );
}
