import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { rampRates } from '../src/capacity/capacity-search';
import { stepSeconds } from '../src/capacity/run-capacity';
import { classifyRateLimit } from '../src/graphql/rate-limit';
import { vuCaps as nodeVuCaps } from '../src/driver/virtual-users';
import { loadScenario } from '../src/scenario/load-scenario';
import { requestsPerJourney } from '../src/scenario/mix';
import type { CapacityProfile } from '../src/scenario/types';

// The k6 scripts are plain ES modules; those without k6 imports run under Node as they are. A
// computed path keeps them out of tsc's view here (tsconfig.k6.json checks them against @types/k6).
const k6Module = (file: string): Promise<any> => import(/* @vite-ignore */ path.join(__dirname, '..', 'k6', 'lib', file));

const { scenario } = loadScenario();
const profile = scenario.profiles.capacity as CapacityProfile;

describe('the k6 twins of the npm-only driver', () => {
    it('plan the same ramp, with the same longer low-rate steps, after the warm-up', async () => {
        const { capacityPlan } = await k6Module('options.js');
        const plan = capacityPlan(profile, { MAX_RATE: '20', STEP_DURATION: '5s' }, scenario.journeys, scenario.mix);
        const rates = rampRates(profile.startRate, profile.growth, 20);
        expect(plan.rates).toEqual(rates);
        expect(plan.durations).toEqual(rates.map(rate => stepSeconds(5, rate, requestsPerJourney(scenario))));
        expect(plan.warmupSeconds).toBe(10);
        expect(plan.starts[0]).toBe(10);
        expect(plan.starts[1]).toBe(10 + plan.durations[0]);
        expect(capacityPlan(profile, { STEPS: '3,4.5', STEP_DURATION: '30s', WARMUP: '0s' }, scenario.journeys, scenario.mix)).toMatchObject({ rates: [3, 4.5], durations: [30, 30], starts: [0, 30] });
    });

    it('share virtual users out the same way', async () => {
        const { vuCaps } = await k6Module('options.js');
        expect(vuCaps(scenario.journeys, scenario.mix, 100, 46)).toEqual(nodeVuCaps(scenario, scenario.mix, 100, 46));
    });

    it('give every step its scenarios, its judged p95 and its abort, and never judge the warm-up', async () => {
        const { capacityPlan, k6CapacityScenarios, k6CapacityThresholds } = await k6Module('options.js');
        const plan = capacityPlan(profile, { STEPS: '2,4', STEP_DURATION: '20s' }, scenario.journeys, { browse: 1, admin: 1 });
        const scenarios = k6CapacityScenarios(plan, { browse: 1, admin: 1 }, { browse: 5, admin: 2 });
        expect(Object.keys(scenarios)).toEqual(['warmup_browse', 'warmup_admin', 'step00_browse', 'step00_admin', 'step01_browse', 'step01_admin']);
        expect(scenarios.warmup_admin.env).toEqual({ JOURNEY: 'admin' });
        expect(scenarios.step01_browse).toMatchObject({ executor: 'constant-arrival-rate', env: { JOURNEY: 'browse', STEP: 'step01' }, startTime: '30s', duration: '20s', rate: 120, timeUnit: '1m', maxVUs: 5 });
        const thresholds = k6CapacityThresholds(plan, Object.keys(scenarios));
        expect(thresholds['http_req_duration{slo_step:step01}']).toEqual([{ threshold: 'p(95)<=500', abortOnFail: true, delayAbortEval: '40s' }]);
        expect(thresholds['request_errors{step:step00}']).toEqual([{ threshold: 'count==0', abortOnFail: true }]);
        expect(thresholds['dropped_iterations{scenario:step00_admin}']).toEqual([{ threshold: 'count==0', abortOnFail: true }]);
        expect(thresholds['dropped_iterations{scenario:warmup_admin}']).toBeUndefined();
        expect(thresholds.rate_limited).toEqual([{ threshold: 'count==0', abortOnFail: true }]);
    });

    it('read the capacity from the per-step sub-metrics as the npm-only driver judges it', async () => {
        const { capacityPlan } = await k6Module('options.js');
        const { capacityFromMetrics } = await k6Module('summary.js');
        const plan = capacityPlan(profile, { STEPS: '2,4,8', STEP_DURATION: '20s', WARMUP: '0s' }, scenario.journeys, { search: 1 });
        const metric = (values: Record<string, number>) => ({ values });
        const metrics = {
            'http_reqs{step:step00}': metric({ count: 60 }),
            'http_req_duration{slo_step:step00}': metric({ 'p(95)': 120 }),
            'http_reqs{step:step01}': metric({ count: 80 }),
            'http_req_duration{slo_step:step01}': metric({ 'p(95)': 300.04 }),
            'http_reqs{step:step02}': metric({ count: 100 }),
            'http_req_duration{slo_step:step02}': metric({ 'p(95)': 812 }),
            'dropped_iterations{scenario:step02_search}': metric({ count: 2 }),
        };
        const found = capacityFromMetrics(metrics, plan, ['search']);
        expect(found.stoppedBy).toBe('slo');
        expect(found.capacity).toMatchObject({ journeysPerSecond: 4, requestsPerSecond: 4, p95: 300 });
        expect(found.line).toBe('CAPACITY: 4 journeys/s = 4 requests/s of the mix, p95 300 ms, within p95 ≤ 500 ms, 0 errors. At 8 journeys/s: 2 iteration(s) dropped; p95 812.0 ms > 500 ms.');
        const limited = capacityFromMetrics({ ...metrics, rate_limited: metric({ count: 3 }) }, plan, ['search']);
        expect(limited.stoppedBy).toBe('rate-limited');
    });

    it('classify a 429 the same way', async () => {
        const { classifyRateLimit: k6Classify } = await k6Module('rate-limit.js');
        const cases: Array<['shop' | 'admin', number, string]> = [
            ['admin', 429, '<html>429</html>'],
            ['shop', 429, '<html>429</html>'],
            ['shop', 429, JSON.stringify({ errors: [{ message: 'Too many failed login attempts', extensions: { code: 'TOO_MANY_REQUESTS' } }] })],
            ['admin', 200, JSON.stringify({ errors: [{ message: 'Too many concurrent password requests', extensions: { code: 'TOO_MANY_REQUESTS' } }] })],
            ['shop', 502, '<html>502</html>'],
        ];
        for (const [api, status, body] of cases) {
            let parsed: unknown = null;
            try {
                parsed = JSON.parse(body);
            } catch {
                parsed = null;
            }
            expect({ api, status, kind: k6Classify(api, status, parsed) }).toEqual({ api, status, kind: classifyRateLimit(`/${api}-api`, status, body) });
        }
    });
});
