// Turns a profile of scenarios.json into k6 options: one k6 scenario per journey of the mix, each
// with its share of the arrival rate (open model: iterations start on schedule, whether or not the
// earlier ones have finished).

/**
 * @typedef {{ maxFailedRate?: number, minCheckRate?: number, p95Ms?: number }} Thresholds
 * @typedef {{ executor: 'constant-arrival-rate', rate: number, duration: string, maxVUs: number, thresholds: Thresholds }} ConstantProfile
 * @typedef {{ executor: 'ramping-arrival-rate', startRate: number, stages: Array<{ target: number, duration: string }>, maxVUs: number, thresholds: Thresholds }} RampingProfile
 * @typedef {ConstantProfile | RampingProfile} Profile
 */

/**
 * Journeys per second -> iterations per minute, so that a small share of a small rate does not
 * round to zero (k6 rates are whole numbers per timeUnit).
 * @param {number} perSecond
 */
const perMinute = perSecond => Math.max(1, Math.round(perSecond * 60));

/**
 * @param {Profile} profile
 * @param {Record<string, number>} mix journey -> weight
 * @param {{ rate?: number, duration?: string }} overrides
 * @returns {Record<string, import('k6/options').Scenario>}
 */
export function k6Scenarios(profile, mix, overrides) {
    const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    /** @type {Record<string, import('k6/options').Scenario>} */
    const scenarios = {};
    for (const journey of Object.keys(mix)) {
        const share = mix[journey] / total;
        const vus = Math.max(1, Math.ceil(profile.maxVUs * share));
        const common = {
            exec: 'journey',
            env: { JOURNEY: journey },
            tags: { journey },
            timeUnit: '1m',
            preAllocatedVUs: vus,
            maxVUs: vus,
        };
        if (profile.executor === 'constant-arrival-rate') {
            scenarios[journey] = Object.assign({}, common, {
                executor: /** @type {const} */ ('constant-arrival-rate'),
                rate: perMinute((overrides.rate || profile.rate) * share),
                duration: overrides.duration || profile.duration,
            });
        } else {
            scenarios[journey] = Object.assign({}, common, {
                executor: /** @type {const} */ ('ramping-arrival-rate'),
                startRate: perMinute(profile.startRate * share),
                stages: profile.stages.map(stage => ({ target: perMinute(stage.target * share), duration: stage.duration })),
            });
        }
    }
    return scenarios;
}

/**
 * The profile's thresholds in k6's terms; a run that breaks one exits non-zero.
 * @param {Thresholds} thresholds
 * @returns {Record<string, string[]>}
 */
export function k6Thresholds(thresholds) {
    /** @type {Record<string, string[]>} */
    const k6 = {};
    if (thresholds.maxFailedRate !== undefined) k6.http_req_failed = [`rate<=${thresholds.maxFailedRate}`];
    if (thresholds.minCheckRate !== undefined) k6.checks = [`rate>=${thresholds.minCheckRate}`];
    if (thresholds.p95Ms !== undefined) k6.http_req_duration = [`p(95)<${thresholds.p95Ms}`];
    if (thresholds.maxFailedRate === 0) k6.graphql_errors = ['count==0'];
    return k6;
}
