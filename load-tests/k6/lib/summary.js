// handleSummary without jslib (nothing can be fetched offline): the full data as JSON, the
// capacity of a capacity run (also as JSON, for `nx run load-test`), and a few lines for the terminal.
import { LIMIT_KINDS, LIMIT_SETTINGS } from './rate-limit.js';
import { stepTag } from './options.js';

/**
 * @param {Record<string, any>} metrics
 * @param {string} name
 * @param {string} field
 * @returns {number}
 */
function value(metrics, name, field) {
    const metric = metrics[name];
    return metric && metric.values && typeof metric.values[field] === 'number' ? metric.values[field] : 0;
}

/**
 * @param {number} n
 * @param {number} digits
 */
const fixed = (n, digits) => n.toFixed(digits);

/**
 * "RATE-LIMITED BY THE STACK" lines, one per limit that answered 429.
 * @param {Record<string, any>} m
 * @returns {string[]}
 */
function rateLimitLines(m) {
    return LIMIT_KINDS.filter(kind => value(m, `rate_limited{limit:${kind}}`, 'count') > 0).map(
        kind => `RATE-LIMITED BY THE STACK: ${value(m, `rate_limited{limit:${kind}}`, 'count')} answer(s) 429 from ${LIMIT_SETTINGS[kind]}; raise it for a benchmark (see load-tests/README.md)`,
    );
}

/**
 * @typedef {{ journeysPerSecond: number, requests: number, requestsPerSecond: number, p95: number, errors: number, dropped: number, passed: boolean, reasons: string[] }} K6Step
 * @typedef {{ driver: 'k6', sloP95Ms: number, steps: K6Step[], capacity: K6Step | null, breaking: K6Step | null, stoppedBy: 'slo' | 'ceiling' | 'rate-limited', line: string }} K6Capacity
 */

/**
 * The capacity from the per-step sub-metrics (see k6CapacityThresholds): the highest step that
 * held the SLO, and what broke the next one; the twin of src/capacity (without bisection).
 * @param {Record<string, any>} m
 * @param {import('./options.js').CapacityPlan} plan
 * @param {string[]} journeys
 * @returns {K6Capacity}
 */
export function capacityFromMetrics(m, plan, journeys) {
    const limited = value(m, 'rate_limited', 'count') > 0;
    /** @type {K6Step[]} */
    const steps = [];
    plan.rates.forEach((journeysPerSecond, index) => {
        const step = stepTag(index);
        const requests = value(m, `http_reqs{step:${step}}`, 'count');
        if (requests === 0 || steps.some(s => !s.passed)) return;
        const p95 = value(m, `http_req_duration{slo_step:${step}}`, 'p(95)');
        const errors = value(m, `request_errors{step:${step}}`, 'count');
        const dropped = journeys.reduce((sum, journey) => sum + value(m, `dropped_iterations{scenario:${step}_${journey}}`, 'count'), 0);
        /** @type {string[]} */
        const reasons = [];
        if (errors > 0) reasons.push(`${errors} error(s)`);
        if (dropped > 0) reasons.push(`${dropped} iteration(s) dropped`);
        if (p95 > plan.sloP95Ms) reasons.push(`p95 ${fixed(p95, 1)} ms > ${plan.sloP95Ms} ms`);
        steps.push({ journeysPerSecond, requests, requestsPerSecond: Math.round((requests / plan.durations[index]) * 10) / 10, p95: Math.round(p95 * 10) / 10, errors, dropped, passed: reasons.length === 0, reasons });
    });
    // A 429 aborts the run at once: it belongs to the last step that ran.
    if (limited && steps.length) {
        const last = steps[steps.length - 1];
        last.passed = false;
        last.reasons.push('rate-limited by the stack');
    }
    const breaking = steps.find(s => !s.passed) || null;
    const held = steps.filter(s => s.passed);
    const capacity = held.length ? held[held.length - 1] : null;
    const stoppedBy = limited ? 'rate-limited' : breaking ? 'slo' : 'ceiling';
    const slo = `p95 ≤ ${plan.sloP95Ms} ms, 0 errors`;
    /** @param {K6Step} s */
    const describe = s => `${s.journeysPerSecond} journeys/s = ${s.requestsPerSecond} requests/s of the mix, p95 ${s.p95} ms`;
    let line;
    if (stoppedBy === 'rate-limited') {
        line = `CAPACITY: not measured: a limit of the stack answered 429 at ${breaking ? breaking.journeysPerSecond : '?'} journeys/s (see RATE-LIMITED below)${capacity ? `; the steps below it held up to ${describe(capacity)}` : ''}.`;
    } else if (!capacity) {
        line = `CAPACITY: none within ${slo}: the first step, ${breaking ? breaking.journeysPerSecond : '?'} journeys/s, already broke it (${breaking ? breaking.reasons.join('; ') : 'no request answered'}).`;
    } else if (stoppedBy === 'ceiling') {
        line = `CAPACITY: at least ${describe(capacity)}, within ${slo}: the ramp stopped at its last step (STEPS, MAX_RATE or the profile's maxRate).`;
    } else {
        line = `CAPACITY: ${describe(capacity)}, within ${slo}. At ${breaking ? breaking.journeysPerSecond : '?'} journeys/s: ${breaking ? breaking.reasons.join('; ') : ''}.`;
    }
    return { driver: 'k6', sloP95Ms: plan.sloP95Ms, steps, capacity, breaking, stoppedBy, line };
}

/**
 * @param {import('k6').JSONObject & { metrics: Record<string, any> }} data
 * @param {string} jsonPath
 * @param {{ plan: import('./options.js').CapacityPlan, journeys: string[], jsonPath: string } | undefined} capacity
 * @returns {Record<string, string>}
 */
export function summaryOutputs(data, jsonPath, capacity) {
    const m = data.metrics;
    const failedThresholds = Object.keys(m).filter(name => {
        const thresholds = m[name].thresholds || {};
        return Object.keys(thresholds).some(t => !thresholds[t].ok);
    });
    /** @type {Record<string, string>} */
    const outputs = { [jsonPath]: JSON.stringify(data, null, 2) };
    /** @type {string[]} */
    const lines = [''];
    if (capacity) {
        const found = capacityFromMetrics(m, capacity.plan, capacity.journeys);
        outputs[capacity.jsonPath] = JSON.stringify(found, null, 2);
        lines.push(found.line, '', '| journeys/s | req/s | p95 ms | errors | dropped | held |', '| ---: | ---: | ---: | ---: | ---: | --- |');
        for (const s of found.steps) {
            lines.push(`| ${s.journeysPerSecond} | ${s.requestsPerSecond} | ${s.p95} | ${s.errors} | ${s.dropped} | ${s.passed ? 'yes' : `no: ${s.reasons.join('; ')}`} |`);
        }
        lines.push('');
    }
    lines.push(
        `requests   ${value(m, 'http_reqs', 'count')} (${fixed(value(m, 'http_reqs', 'rate'), 1)} req/s), ` +
            `iterations ${value(m, 'iterations', 'count')}, dropped ${value(m, 'dropped_iterations', 'count')}`,
        `latency ms p50 ${fixed(value(m, 'http_req_duration', 'med'), 1)}  p95 ${fixed(value(m, 'http_req_duration', 'p(95)'), 1)}  ` +
            `p99 ${fixed(value(m, 'http_req_duration', 'p(99)'), 1)}  max ${fixed(value(m, 'http_req_duration', 'max'), 1)}`,
        `errors     ${value(m, 'request_errors', 'count')} (failed ${fixed(value(m, 'http_req_failed', 'rate') * 100, 2)}%)   ` +
            `rate-limited ${value(m, 'rate_limited', 'count')}   checks ${fixed(value(m, 'checks', 'rate') * 100, 2)}%`,
        ...rateLimitLines(m),
        capacity ? 'thresholds: the capacity ramp ends on the first step that breaks the SLO' : failedThresholds.length ? `THRESHOLDS FAILED: ${failedThresholds.join(', ')}` : 'thresholds passed',
        `summary    ${jsonPath}`,
        '',
    );
    outputs.stdout = lines.join('\n');
    return outputs;
}
