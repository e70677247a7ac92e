import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseDuration } from '../src/scenario/duration';
import { loadScenario } from '../src/scenario/load-scenario';
import { chooseJourney, mixShares, requestsPerIteration, requestsPerJourney } from '../src/scenario/mix';
import { pickForIteration, pickForSession, resolveVariables, type Pools } from '../src/scenario/picks';
import { parseScenario, ScenarioError } from '../src/scenario/scenario-schema';

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
    profiles: {
        smoke: { executor: 'constant-arrival-rate', rate: 2, duration: '5s', maxVUs: 2, thresholds: { maxFailedRate: 0 } },
        capacity: { executor: 'capacity', startRate: 1, growth: 1.25, maxRate: 50, stepDuration: '10s', refine: 2, maxVUs: 20, sloP95Ms: 500 },
    },
});

const problemsOf = (raw: unknown): string[] => {
    try {
        parseScenario(raw);
        return [];
    } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return [...(error as ScenarioError).problems];
    }
};

describe('the checked-in scenario file', () => {
    const { scenario, documents } = loadScenario();

    it('loads, with every document it names', () => {
        expect(Object.keys(scenario.journeys).sort()).toEqual(['admin', 'browse', 'cart-anonymous', 'cart-customer', 'search']);
        for (const journey of Object.values(scenario.journeys)) {
            for (const step of journey.steps) {
                expect(documents[step.document]).toMatch(/^\s*(#.*\n\s*)*(query|mutation) /);
            }
        }
        expect(documents[scenario.setup.catalogue]).toContain('query DiscoverCatalogue');
    });

    it('keeps admin and customer journeys in the default mix, logging in once per session, and defaults to the capacity profile', () => {
        expect(Object.keys(scenario.mix)).toEqual(expect.arrayContaining(['admin', 'cart-customer']));
        for (const name of ['admin', 'cart-customer']) {
            const journey = scenario.journeys[name];
            expect(journey.session).toBe('vu');
            expect(journey.steps.filter(step => step.once).map(step => step.name)).toEqual(['login']);
        }
        expect(scenario.journeys['cart-customer'].sessionIterations).toBeGreaterThan(1);
        expect(Object.keys(scenario.profiles)[0]).toBe('capacity');
        expect(scenario.profiles.capacity).toMatchObject({ executor: 'capacity', sloP95Ms: 500 });
    });
});

describe('parseScenario (the zod schema)', () => {
    it('accepts a minimal scenario and fills in defaults', () => {
        expect(problemsOf(minimal())).toEqual([]);
        const raw = minimal() as Record<string, any>;
        delete raw.journeys.browse.pick;
        raw.journeys.browse.steps[0] = { name: 'detail', document: 'd.graphql' };
        expect(parseScenario(raw).journeys.browse.pick).toEqual({});
    });

    it('names every problem at once, with its path', () => {
        const raw = minimal() as Record<string, any>;
        raw.mix = { browse: 1, checkout: 2 };
        raw.journeys.browse.pick = { product: 'orders' };
        raw.journeys.browse.steps[0].variables = { slug: '$variant.id' };
        raw.journeys.browse.steps[0].once = true;
        raw.profiles.smoke.duration = 'soon';
        raw.profiles.smoke.thresholds = { maxFailedRate: 2, p99: 1 };
        raw.profiles.capacity.growth = 1;
        expect(problemsOf(raw).sort()).toEqual([
            'journeys.browse.pick.product: unknown pool (one of collections, products, variants, searchTerms, customers, admin)',
            'profiles.capacity.growth: expected a factor above 1',
            'profiles.smoke.duration: expected a duration such as 30s',
            'profiles.smoke.thresholds.maxFailedRate: expected a rate between 0 and 1',
            'profiles.smoke.thresholds: Unrecognized key: "p99"',
        ]);
    });

    it('checks references across the file once every part has its shape', () => {
        const raw = minimal() as Record<string, any>;
        raw.mix = { browse: 1, checkout: 2 };
        raw.journeys.browse.steps[0].variables = { slug: '$variant.id' };
        raw.journeys.browse.steps[0].once = true;
        raw.journeys.browse.sessionIterations = 3;
        expect(problemsOf(raw)).toEqual([
            'journeys.browse.sessionIterations: only in a journey whose session is "vu"',
            'journeys.browse.steps[0].once: only in a journey whose session is "vu"',
            'journeys.browse.steps[0]: "$variant" is not picked by the journey',
            'mix.checkout: no such journey',
        ]);
    });

    it('lets session picks be referenced, but not picked twice', () => {
        const raw = minimal() as Record<string, any>;
        raw.journeys.browse = {
            api: 'shop',
            session: 'vu',
            sessionPick: { product: 'products' },
            pick: { product: 'products' },
            steps: [{ name: 'detail', once: true, document: 'd.graphql', variables: { slug: '$product.slug' } }],
        };
        expect(problemsOf(raw)).toEqual(['journeys.browse.sessionPick.product: also picked per iteration; use one of them']);
        delete raw.journeys.browse.pick;
        expect(problemsOf(raw)).toEqual([]);
    });

    it('rejects what is not an object', () => {
        expect(problemsOf([])).toHaveLength(1);
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
    const pools = { products: [{ slug: 'laptop' }, { slug: 'tent' }], customers: [{ email: 'a' }, { email: 'b' }, { email: 'c' }] } as unknown as Pools;

    it('resolves $alias.field at any depth and leaves other values alone', () => {
        const picked = pickForIteration({ pick: { product: 'products' } }, pools, () => 0.9);
        expect(resolveVariables({ slug: '$product.slug', take: 3, nested: ['$product.slug', 'x'] }, picked)).toEqual({
            slug: 'tent',
            take: 3,
            nested: ['tent', 'x'],
        });
    });

    it('gives each virtual user its own session identity, round the pool', () => {
        const email = (vu: number) => pickForSession({ sessionPick: { customer: 'customers' } }, pools, vu).customer.email;
        expect([0, 1, 2, 3].map(email)).toEqual(['a', 'b', 'c', 'a']);
        expect(pickForSession({}, pools, 5)).toEqual({});
    });

    it('fails loudly on an empty pool or an unknown field', () => {
        expect(() => pickForIteration({ pick: { product: 'products' } }, { products: [] } as unknown as Pools)).toThrow(/empty/);
        expect(() => resolveVariables('$product.id', { product: { slug: 'x' } })).toThrow(/nothing picked/);
    });
});

describe('mix', () => {
    const { scenario } = loadScenario();

    it('draws journeys by weight', () => {
        expect(mixShares({ a: 3, b: 1 })).toEqual([{ journey: 'a', share: 0.75 }, { journey: 'b', share: 0.25 }]);
        expect(chooseJourney({ a: 3, b: 1 }, () => 0.74)).toBe('a');
        expect(chooseJourney({ a: 3, b: 1 }, () => 0.76)).toBe('b');
    });

    it('counts a login once per session: nothing for a lifelong one, 1/n for a session of n iterations', () => {
        expect(requestsPerIteration(scenario.journeys.admin)).toBe(2);
        expect(requestsPerIteration(scenario.journeys['cart-customer'])).toBeCloseTo(3 + 1 / scenario.journeys['cart-customer'].sessionIterations!, 9);
        expect(requestsPerJourney(scenario, { browse: 1, admin: 1 }, 'admin')).toBe(1);
        expect(requestsPerJourney(scenario, { browse: 1, admin: 1 }, 'shop')).toBe(1.5);
        expect(requestsPerJourney(scenario, { browse: 1, admin: 1 })).toBe(2.5);
    });

    it('reads k6 durations', () => {
        expect(parseDuration('1h30m')).toBe(5_400_000);
        expect(parseDuration('250ms')).toBe(250);
        expect(() => parseDuration('30')).toThrow(/not a duration/);
    });
});
