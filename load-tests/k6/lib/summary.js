// handleSummary without jslib (nothing can be fetched offline): the full data as JSON, and a few
// lines for the terminal.

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
 * @param {import('k6').JSONObject & { metrics: Record<string, any> }} data
 * @param {string} jsonPath
 * @returns {Record<string, string>}
 */
export function summaryOutputs(data, jsonPath) {
    const m = data.metrics;
    const failedThresholds = Object.keys(m).filter(name => {
        const thresholds = m[name].thresholds || {};
        return Object.keys(thresholds).some(t => !thresholds[t].ok);
    });
    const text = [
        '',
        `requests   ${value(m, 'http_reqs', 'count')} (${fixed(value(m, 'http_reqs', 'rate'), 1)} req/s), ` +
            `iterations ${value(m, 'iterations', 'count')}, dropped ${value(m, 'dropped_iterations', 'count')}`,
        `latency ms p50 ${fixed(value(m, 'http_req_duration', 'med'), 1)}  p95 ${fixed(value(m, 'http_req_duration', 'p(95)'), 1)}  ` +
            `p99 ${fixed(value(m, 'http_req_duration', 'p(99)'), 1)}  max ${fixed(value(m, 'http_req_duration', 'max'), 1)}`,
        `failed     ${fixed(value(m, 'http_req_failed', 'rate') * 100, 2)}%   graphql errors ${value(m, 'graphql_errors', 'count')}   ` +
            `checks ${fixed(value(m, 'checks', 'rate') * 100, 2)}%`,
        failedThresholds.length ? `THRESHOLDS FAILED: ${failedThresholds.join(', ')}` : 'thresholds passed',
        `summary    ${jsonPath}`,
        '',
    ].join('\n');
    return { stdout: text, [jsonPath]: JSON.stringify(data, null, 2) };
}
