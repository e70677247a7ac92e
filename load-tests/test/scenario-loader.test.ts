import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { planPhases } from '../src/driver/plan-phases';
import { parseDuration } from '../src/scenario/duration';
import { loadScenario } from '../src/scenario/load-scenario';
import { chooseJourney, meanStepsPerJourney, mixShares } from '../src/scenario/mix';
import { pickForIteration, resolveVariables, type Pools } from '../src/scenario/picks';
import { ScenarioError, validateScenario } from '../src/scenario/validate-scenario';

const minimal = () => ({
    documentsDir: 'docs',
    setup: {
        catalogue: 'c.graphql',
        catalogueTake: 10,
        adminLogin: 'l.graphql',
        findCustomers: 'f.graphql',
        createCustomer: 'n.graphql',
        customers: 2,
        customerEmailDomain: 'example.invalid',
    },
    journeys: {
        browse: {
            api: 'shop',
            session: 'iteration',
            pick: { product: 'products' },
            steps: [{ name: 'detail', document: 'd.graphql', variables: { slug: '$product.slug' }, expect: { 'product.slug': '$product.slug' } }],
        },
    },
    mix: { browse: 1 },
    profiles: { smoke: { executor: 'constant-arrival-rate', rate: 2, duration: '5s', maxVUs: 2, thresholds: { maxFailedRate: 0 } } },
});

const problemsOf = (raw: unknown): string[] => {
    try {
        validateScenario(raw);
        return [];
    } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return [...(error as ScenarioError).problems];
    }
};

describe('the checked-in scenario file', () => {
    it('loads, with every document it names', () => {
        const { scenario, documents } = loadScenario();
        expect(Object.keys(scenario.journeys).sort()).toEqual(['admin', 'browse', 'cart-anonymous', 'cart-customer', 'search']);
        for (const journey of Object.values(scenario.journeys)) {
            for (const step of journey.steps) {
                expect(documents[step.document]).toMatch(/^\s*(#.*\n\s*)*(query|mutation) /);
            }
        }
        expect(documents[scenario.setup.catalogue]).toContain('query DiscoverCatalogue');
        expect(Object.keys(scenario.profiles)).toEqual(expect.arrayContaining(['smoke', 'throughput', 'knee']));
    });
});

describe('validateScenario', () => {
    it('accepts a minimal scenario', () => {
        expect(problemsOf(minimal())).toEqual([]);
    });

    it('names every problem at once', () => {
        const raw = minimal() as Record<string, any>;
        raw.mix = { browse: 1, checkout: 2 };
        raw.journeys.browse.pick = { product: 'orders' };
        raw.journeys.browse.steps[0].variables = { slug: '$variant.id' };
        raw.journeys.browse.steps[0].once = true;
        raw.profiles.smoke.duration = 'soon';
        raw.profiles.smoke.thresholds = { maxFailedRate: 2, p99: 1 };
        expect(problemsOf(raw)).toEqual([
            'journeys.browse.pick.product: unknown pool "orders" (one of collections, products, variants, searchTerms, customers, admin)',
            'journeys.browse.steps[0].once: only "true", and only in a journey whose session is "vu"',
            'journeys.browse.steps[0]: "$variant" is not picked by the journey',
            'mix.checkout: no such journey',
            'profiles.smoke.duration: expected a duration such as 30s',
            'profiles.smoke.thresholds.p99: unknown',
            'profiles.smoke.thresholds.maxFailedRate: expected a rate between 0 and 1',
        ]);
    });

    it('rejects what is not an object', () => {
        expect(problemsOf([])).toEqual(['expected a JSON object']);
    });
});

describe('loadScenario', () => {
    it('fails before any load when a document is missing', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'scenario-'));
        mkdirSync(path.join(dir, 'docs'));
        for (const doc of ['c', 'l', 'f', 'n']) writeFileSync(path.join(dir, 'docs', `${doc}.graphql`), 'query Q { x }');
        writeFileSync(path.join(dir, 'scenarios.json'), JSON.stringify(minimal()));
        expect(() => loadScenario(path.join(dir, 'scenarios.json'))).toThrow(/d\.graphql: not found/);
        writeFileSync(path.join(dir, 'docs', 'd.graphql'), 'query D { x }');
        expect(loadScenario(path.join(dir, 'scenarios.json')).documents['d.graphql']).toBe('query D { x }');
    });

    it('reports a file that is not JSON', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'scenario-'));
        writeFileSync(path.join(dir, 'scenarios.json'), '{ nope');
        expect(() => loadScenario(path.join(dir, 'scenarios.json'))).toThrow(ScenarioError);
    });
});

describe('picks and variables', () => {
    const pools = { products: [{ slug: 'laptop' }, { slug: 'tent' }] } as unknown as Pools;

    it('resolves $alias.field at any depth and leaves other values alone', () => {
        const journey = minimal().journeys.browse as never;
        const picked = pickForIteration(journey, pools, () => 0.9);
        expect(resolveVariables({ slug: '$product.slug', take: 3, nested: ['$product.slug', 'x'] }, picked)).toEqual({
            slug: 'tent',
            take: 3,
            nested: ['tent', 'x'],
        });
    });

    it('fails loudly on an empty pool or an unknown field', () => {
        const journey = minimal().journeys.browse as never;
        expect(() => pickForIteration(journey, { products: [] } as unknown as Pools)).toThrow(/empty/);
        expect(() => resolveVariables('$product.id', { product: { slug: 'x' } })).toThrow(/nothing picked/);
    });
});

describe('mix and phases', () => {
    const { scenario } = loadScenario();

    it('draws journeys by weight', () => {
        expect(mixShares({ a: 3, b: 1 })).toEqual([{ journey: 'a', share: 0.75 }, { journey: 'b', share: 0.25 }]);
        expect(chooseJourney({ a: 3, b: 1 }, () => 0.74)).toBe('a');
        expect(chooseJourney({ a: 3, b: 1 }, () => 0.76)).toBe('b');
    });

    it('turns journeys/s into requests/s with the mean steps of the mix', () => {
        expect(meanStepsPerJourney(scenario, { browse: 1 })).toBe(3);
        const [phase] = planPhases(scenario, scenario.profiles.smoke, { browse: 1, search: 1 });
        expect(phase).toMatchObject({ durationS: 5, journeysPerSecond: 2, requestsPerSecond: 4, connections: 4 });
    });

    it('plays a ramp as one phase per stage', () => {
        const phases = planPhases(scenario, scenario.profiles.knee, { search: 1 }, { durationS: 2 });
        expect(phases.map(p => p.requestsPerSecond)).toEqual([20, 40, 80, 160]);
        expect(phases.every(p => p.durationS === 2)).toBe(true);
    });

    it('reads k6 durations', () => {
        expect(parseDuration('1h30m')).toBe(5_400_000);
        expect(parseDuration('250ms')).toBe(250);
        expect(() => parseDuration('30')).toThrow(/not a duration/);
    });
});
