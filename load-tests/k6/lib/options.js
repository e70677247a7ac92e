// Turns a profile of scenarios.json into k6 options: one k6 scenario per journey of the mix (per
// step of the ramp, for the capacity profile), each with its share of the arrival rate (open
// model: iterations start on schedule, whether or not the earlier ones have finished).
import { LIMIT_KINDS } from './rate-limit.js';

/**
 * @typedef {{ maxFailedRate?: number, minCheckRate?: number, p95Ms?: number }} Thresholds
 * @typedef {{ executor: 'constant-arrival-rate', rate: number, duration: string, maxVUs: number, thresholds: Thresholds }} ConstantProfile
 * @typedef {{ executor: 'capacity', startRate: number, growth: number, maxRate: number, stepDuration: string, warmup?: string, refine: number, maxVUs: number, sloP95Ms: number }} CapacityProfile
 * @typedef {ConstantProfile | CapacityProfile} Profile
 * @typedef {{ rates: number[], durations: number[], starts: number[], warmupSeconds: number, sloP95Ms: number }} CapacityPlan
 * @typedef {Record<string, import('k6/options').Threshold[]>} K6Thresholds
 */

/**
 * Journeys per second -> iterations per minute, so that a small share of a small rate does not
 * round to zero (k6 rates are whole numbers per timeUnit).
 * @param {number} perSecond
 */
const perMinute = perSecond => Math.max(1, Math.round(perSecond * 60));

/**
 * "500ms", "30s", "2m", "1h30m" in seconds (the twin of src/scenario/duration.ts).
 * @param {string} text
 */
export function seconds(text) {
    /** @type {Record<string, number>} */
    const unit = { ms: 0.001, s: 1, m: 60, h: 3600 };
    let total = 0;
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
    for (let match = re.exec(text); match; match = re.exec(text)) total += Number(match[1]) * unit[match[2]];
    return total;
}

/**
 * Virtual users per journey: maxVUs shared out by weight, Shop API journeys together kept under
 * maxShopVUs (nginx's requests in flight per address); the twin of src/driver/virtual-users.ts.
 * @param {Record<string, { api: string }>} journeys
 * @param {Record<string, number>} mix
 * @param {number} maxVUs
 * @param {number} maxShopVUs
 * @returns {Record<string, number>}
 */
export function vuCaps(journeys, mix, maxVUs, maxShopVUs) {
    const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    /** @type {Record<string, number>} */
    const caps = {};
    let shopTotal = 0;
    let shopShare = 0;
    for (const name of Object.keys(mix)) {
        caps[name] = Math.max(1, Math.ceil((maxVUs * mix[name]) / total));
        if (journeys[name].api === 'shop') {
            shopTotal += caps[name];
            shopShare += mix[name] / total;
        }
    }
    if (shopTotal > maxShopVUs) {
        for (const name of Object.keys(mix)) {
            if (journeys[name].api === 'shop') caps[name] = Math.max(1, Math.floor((maxShopVUs * mix[name]) / total / shopShare));
        }
    }
    return caps;
}

/**
 * Requests per journey of the mix, a `once` step counted once per session (the twin of
 * requestsPerJourney in src/scenario/mix.ts).
 * @param {Record<string, { sessionIterations?: number, steps: Array<{ once?: boolean }> }>} journeys
 * @param {Record<string, number>} mix
 */
function requestsPerJourney(journeys, mix) {
    const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    let requests = 0;
    for (const name of Object.keys(mix)) {
        const journey = journeys[name];
        const onceShare = journey.sessionIterations ? 1 / journey.sessionIterations : 0;
        for (const step of journey.steps) requests += (mix[name] / total) * (step.once ? onceShare : 1);
    }
    return requests;
}

/**
 * The steps of the capacity ramp: STEPS (journeys/s, comma-separated, as `nx run load-test`
 * computes them below the stack's limits), else startRate x growth per step up to MAX_RATE or the
 * profile's maxRate (the twin of rampRates in src/capacity/capacity-search.ts). A step lasts
 * STEP_DURATION, or longer at a low rate, until it has sent 60 requests (the twin of stepSeconds
 * in src/capacity/run-capacity.ts): a p95 of fewer means little.
 * @param {CapacityProfile} profile
 * @param {Record<string, string | undefined>} env
 * @param {Record<string, { sessionIterations?: number, steps: Array<{ once?: boolean }> }>} journeys
 * @param {Record<string, number>} mix
 * @returns {CapacityPlan}
 */
export function capacityPlan(profile, env, journeys, mix) {
    /** @type {number[]} */
    let rates = [];
    if (env.STEPS) {
        rates = env.STEPS.split(',').map(Number).filter(rate => rate > 0);
    } else {
        const ceiling = Number(env.MAX_RATE) || profile.maxRate;
        for (let rate = Number(env.START_RATE) || profile.startRate; rate < ceiling && rates.length < 200; rate *= profile.growth) {
            rates.push(Math.round(rate * 100) / 100);
        }
        rates.push(ceiling);
    }
    const stepSeconds = seconds(env.STEP_DURATION || profile.stepDuration);
    const perJourney = requestsPerJourney(journeys, mix);
    const durations = rates.map(rate => Math.max(stepSeconds, Math.ceil(60 / Math.max(0.001, rate * perJourney))));
    const warmupSeconds = seconds(env.WARMUP || profile.warmup || '0s');
    /** @type {number[]} */
    const starts = [];
    durations.reduce((start, duration) => {
        starts.push(start);
        return start + duration;
    }, warmupSeconds);
    return { rates, durations, starts, warmupSeconds, sloP95Ms: Number(env.SLO_P95_MS) || profile.sloP95Ms };
}

/** `step03`: sorts as it runs. */
export const stepTag = (/** @type {number} */ index) => `step${String(index).padStart(2, '0')}`;

/**
 * @param {ConstantProfile} profile
 * @param {Record<string, number>} mix journey -> weight
 * @param {Record<string, number>} caps journey -> virtual users
 * @param {{ rate?: number, duration?: string }} overrides
 * @returns {Record<string, import('k6/options').Scenario>}
 */
export function k6Scenarios(profile, mix, caps, overrides) {
    const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    /** @type {Record<string, import('k6/options').Scenario>} */
    const scenarios = {};
    for (const journey of Object.keys(mix)) {
        scenarios[journey] = {
            executor: 'constant-arrival-rate',
            exec: 'journey',
            env: { JOURNEY: journey },
            tags: { journey },
            timeUnit: '1m',
            preAllocatedVUs: caps[journey],
            maxVUs: caps[journey],
            rate: perMinute(((overrides.rate || profile.rate) * mix[journey]) / total),
            duration: overrides.duration || profile.duration,
        };
    }
    return scenarios;
}

/**
 * The capacity ramp as k6 scenarios: per step, one constant-arrival-rate scenario per journey,
 * starting when the previous step ends. The step travels in the scenario's env (STEP) and is put
 * on every request and error as a tag (`step`, and `slo_step` on the requests the latency
 * objective judges), so that each step has its own p95 and counts.
 * @param {CapacityPlan} plan
 * @param {Record<string, number>} mix
 * @param {Record<string, number>} caps
 * @returns {Record<string, import('k6/options').Scenario>}
 */
export function k6CapacityScenarios(plan, mix, caps) {
    const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    /** @type {Record<string, import('k6/options').Scenario>} */
    const scenarios = {};
    // The warm-up runs at the first step's rate without a STEP: nothing of it is judged.
    for (const journey of plan.warmupSeconds > 0 ? Object.keys(mix) : []) {
        scenarios[`warmup_${journey}`] = {
            executor: 'constant-arrival-rate',
            exec: 'journey',
            env: { JOURNEY: journey },
            tags: { journey },
            duration: `${plan.warmupSeconds}s`,
            gracefulStop: '10s',
            timeUnit: '1m',
            preAllocatedVUs: caps[journey],
            maxVUs: caps[journey],
            rate: perMinute((plan.rates[0] * mix[journey]) / total),
        };
    }
    plan.rates.forEach((rate, index) => {
        for (const journey of Object.keys(mix)) {
            scenarios[`${stepTag(index)}_${journey}`] = {
                executor: 'constant-arrival-rate',
                exec: 'journey',
                env: { JOURNEY: journey, STEP: stepTag(index) },
                tags: { journey },
                startTime: `${plan.starts[index]}s`,
                duration: `${plan.durations[index]}s`,
                // Iterations of an overloaded step must not run on far into the next one.
                gracefulStop: '10s',
                timeUnit: '1m',
                preAllocatedVUs: caps[journey],
                maxVUs: caps[journey],
                rate: perMinute((rate * mix[journey]) / total),
            };
        }
    });
    return scenarios;
}

/**
 * Every 429 is a failure naming its limit (the per-limit sub-metrics appear in the summary).
 * @returns {K6Thresholds}
 */
function rateLimitThresholds() {
    /** @type {K6Thresholds} */
    const thresholds = { rate_limited: [{ threshold: 'count==0', abortOnFail: true }] };
    for (const kind of LIMIT_KINDS) thresholds[`rate_limited{limit:${kind}}`] = ['count==0'];
    return thresholds;
}

/**
 * The profile's thresholds in k6's terms; a run that breaks one exits non-zero.
 * @param {Thresholds} thresholds
 * @returns {K6Thresholds}
 */
export function k6Thresholds(thresholds) {
    /** @type {K6Thresholds} */
    const k6 = rateLimitThresholds();
    if (thresholds.maxFailedRate !== undefined) k6.http_req_failed = [`rate<=${thresholds.maxFailedRate}`];
    if (thresholds.minCheckRate !== undefined) k6.checks = [`rate>=${thresholds.minCheckRate}`];
    if (thresholds.p95Ms !== undefined) k6.http_req_duration = [`p(95)<${thresholds.p95Ms}`];
    if (thresholds.maxFailedRate === 0) k6.request_errors = ['count==0'];
    return k6;
}

/**
 * Per step: its p95, its errors and its dropped iterations abort the run once they break the SLO
 * (the ramp is over: the step before is the capacity), and its counts appear in the summary.
 * dropped_iterations carries only the scenario's name, not its tags, so it is judged per scenario.
 * @param {CapacityPlan} plan
 * @param {string[]} scenarioNames
 * @returns {K6Thresholds}
 */
export function k6CapacityThresholds(plan, scenarioNames) {
    /** @type {K6Thresholds} */
    const k6 = rateLimitThresholds();
    plan.rates.forEach((_, index) => {
        const step = stepTag(index);
        k6[`http_req_duration{slo_step:${step}}`] = [
            { threshold: `p(95)<=${plan.sloP95Ms}`, abortOnFail: true, delayAbortEval: `${Math.round(plan.starts[index] + plan.durations[index] / 2)}s` },
        ];
        k6[`request_errors{step:${step}}`] = [{ threshold: 'count==0', abortOnFail: true }];
        k6[`http_reqs{step:${step}}`] = ['count>=0'];
    });
    for (const name of scenarioNames.filter(n => !n.startsWith('warmup_'))) {
        k6[`dropped_iterations{scenario:${name}}`] = [{ threshold: 'count==0', abortOnFail: true }];
    }
    for (const kind of ['failed', 'graphql', 'unmet']) k6[`request_errors{kind:${kind}}`] = ['count>=0'];
    return k6;
}
