import { check } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';

/** Answers with status 200 that carried `errors`: GraphQL's failures, invisible to http_req_failed. */
export const graphqlErrors = new Counter('graphql_errors');

/**
 * @param {unknown} data
 * @param {string} dottedPath
 * @returns {unknown}
 */
function at(data, dottedPath) {
    /** @type {any} */
    let node = data;
    for (const key of dottedPath.split('.')) {
        node = node === null || node === undefined ? undefined : node[key];
    }
    return node;
}

/**
 * @typedef {object} GraphqlStep
 * @property {string} baseUrl
 * @property {'shop' | 'admin'} api
 * @property {string} query
 * @property {Record<string, unknown>} variables
 * @property {string | undefined} token
 * @property {Record<string, string>} expect dotted path -> value it must have
 * @property {string} name metric tag, journey/step
 */

/**
 * Posts one GraphQL document and checks the answer: 2xx, no `errors`, expectations met.
 * @param {GraphqlStep} step
 * @returns {{ ok: boolean, data: any, token: string | undefined }}
 */
export function postGraphql(step) {
    // csrfPrevention on the server: a JSON content-type is what lets the POST through.
    /** @type {Record<string, string>} */
    const headers = { 'content-type': 'application/json' };
    if (step.token) {
        headers.authorization = `Bearer ${step.token}`;
    }
    const res = http.post(`${step.baseUrl}/${step.api}-api`, JSON.stringify({ query: step.query, variables: step.variables }), {
        headers,
        tags: { name: step.name },
    });
    /** @type {any} */
    let body = null;
    try {
        body = typeof res.body === 'string' ? JSON.parse(res.body) : null;
    } catch {
        body = null;
    }
    const hasErrors = !body || (Array.isArray(body.errors) && body.errors.length > 0);
    if (hasErrors) {
        graphqlErrors.add(1, { name: step.name });
    }
    /** @type {Record<string, (r: import('k6/http').RefinedResponse<any>) => boolean>} */
    const checks = {
        'status is 2xx': r => r.status >= 200 && r.status < 300,
        'no GraphQL errors': () => !hasErrors,
    };
    for (const path of Object.keys(step.expect)) {
        checks[`${path} is ${step.expect[path]}`] = () => !!body && at(body.data, path) === step.expect[path];
    }
    const ok = check(res, checks, { name: step.name });
    const token = res.headers['Vendure-Auth-Token'] || res.headers['vendure-auth-token'];
    return { ok, data: body ? body.data : null, token: token || undefined };
}
