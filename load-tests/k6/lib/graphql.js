import { check } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';

import { classifyRateLimit } from './rate-limit.js';

/**
 * Errors of the servers, by kind: failed (no answer, or a status other than 2xx and 429), graphql
 * (a 2xx that carried `errors`, invisible to http_req_failed) and unmet (an expectation on `data`).
 */
export const requestErrors = new Counter('request_errors');
/** 429s, tagged with the limit of the stack that sent them: never counted as errors. */
export const rateLimited = new Counter('rate_limited');

// A 429 is the stack's own protection answering, reported as rate_limited; http_req_failed counts
// what else went wrong.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 429));

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
 * @property {string} [step] metric tag: the step of a capacity ramp
 * @property {string} [sloStep] metric tag: the step again, on every request the latency objective
 *   judges (all but a session's sign-in, whose bcrypt is slow by design)
 */

/**
 * Posts one GraphQL document and checks the answer: 2xx, no `errors`, expectations met. A 429 is
 * not checked but counted in rate_limited, with the limit that sent it.
 * @param {GraphqlStep} step
 * @returns {{ ok: boolean, rateLimited: boolean, data: any, token: string | undefined }}
 */
export function postGraphql(step) {
    // csrfPrevention on the server: a JSON content-type is what lets the POST through.
    /** @type {Record<string, string>} */
    const headers = { 'content-type': 'application/json' };
    if (step.token) {
        headers.authorization = `Bearer ${step.token}`;
    }
    /** @type {Record<string, string>} */
    const tags = { name: step.name };
    if (step.step !== undefined) tags.step = step.step;
    if (step.sloStep !== undefined) tags.slo_step = step.sloStep;
    const res = http.post(`${step.baseUrl}/${step.api}-api`, JSON.stringify({ query: step.query, variables: step.variables }), { headers, tags });
    /** @type {any} */
    let body = null;
    try {
        body = typeof res.body === 'string' ? JSON.parse(res.body) : null;
    } catch {
        body = null;
    }
    const token = res.headers['Vendure-Auth-Token'] || res.headers['vendure-auth-token'] || undefined;
    const limit = classifyRateLimit(step.api, res.status, body);
    if (limit) {
        rateLimited.add(1, Object.assign({ limit }, tags));
        return { ok: false, rateLimited: true, data: null, token };
    }
    const failed = res.status < 200 || res.status >= 300;
    const hasErrors = !failed && (!body || (Array.isArray(body.errors) && body.errors.length > 0));
    const unmet = !failed && !hasErrors && Object.keys(step.expect).some(path => at(body.data, path) !== step.expect[path]);
    const kind = failed ? 'failed' : hasErrors ? 'graphql' : unmet ? 'unmet' : undefined;
    if (kind) {
        requestErrors.add(1, Object.assign({ kind }, tags));
    }
    /** @type {Record<string, (r: import('k6/http').RefinedResponse<any>) => boolean>} */
    const checks = {
        'status is 2xx': r => r.status >= 200 && r.status < 300,
        'no GraphQL errors': () => !failed && !hasErrors,
    };
    for (const path of Object.keys(step.expect)) {
        checks[`${path} is ${step.expect[path]}`] = () => !!body && at(body.data, path) === step.expect[path];
    }
    const ok = check(res, checks, tags);
    return { ok, rateLimited: false, data: body ? body.data : null, token };
}
