import { randomBytes } from 'node:crypto';

import { graphqlErrorCode, spreadRequests, timedPost, type Answer } from './timed-request';

/**
 * One mutation with `count` aliased `login` fields, each for an identifier of its own: a limiter
 * that counts per field writes `count` keys for one request, whether or not it then refuses it.
 */
export function aliasedLoginDocument(count: number): string {
    const tag = randomBytes(4).toString('hex');
    const field = (i: number) => `l${i}:login(username:"x${tag}-${i}@example.com",password:"wrong"){__typename}`;
    return `mutation Logins{${Array.from({ length: count }, (_, i) => field(i)).join(' ')}}`;
}

/**
 * Fields per request: 500 make about 40 KB, under nginx's Shop API body limit (64 KB), so that the
 * servers' own refusal is what is tested, not nginx's.
 */
export const LOGIN_FIELDS = 500;

/**
 * The same document as the `operations` field of a multipart request with no files: Vendure's
 * upload middleware accepts it on the Shop API. The preflight header is what Apollo's CSRF
 * prevention wants of a multipart request, were it on.
 */
function multipartBody(document: string): FormData {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: document, variables: {} }));
    form.append('map', '{}');
    return form;
}

/** Two JSON and two multipart requests, alternating, over at least 5 s. */
export function sendLoginAmplification(baseUrl: string): Promise<Answer[]> {
    const classify = (_: number, text: string) => graphqlErrorCode(text);
    return spreadRequests({ total: 4, concurrency: 1, minDurationMs: 5_000 }, i =>
        i % 2 === 0
            ? timedPost(`${baseUrl}/shop-api`, JSON.stringify({ query: aliasedLoginDocument(LOGIN_FIELDS) }), { classify })
            : timedPost(`${baseUrl}/shop-api`, multipartBody(aliasedLoginDocument(LOGIN_FIELDS)), {
                  classify: (status, text) => `multipart${classify(status, text) ? ` ${classify(status, text)}` : ''}`,
                  headers: { 'apollo-require-preflight': 'true' },
              }),
    );
}
