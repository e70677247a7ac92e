import { describe, expect, it } from 'vitest';

import { importArgv, parseCatalogueArgs } from '../src/catalogue/catalogue-args';
import { catalogueCollections } from '../src/catalogue/catalogue-collections';
import { generateProduct, generateProducts, slugify } from '../src/catalogue/generate-product';
import { facetPrimers } from '../src/catalogue/import-catalogue';
import { hash32, SeededRandom } from '../src/catalogue/seeded-random';
import { DEPARTMENTS } from '../src/catalogue/vocabulary';

describe('the seeded catalogue', () => {
    it('gives the same product for the same seed and index, every time', () => {
        expect(generateProduct(1, 42)).toEqual(generateProduct(1, 42));
        expect(JSON.stringify(generateProducts(7, 0, 50))).toBe(JSON.stringify(generateProducts(7, 0, 50)));
    });

    it('gives a product independently of the others, so a larger catalogue extends a smaller one', () => {
        const small = generateProducts(1, 0, 200);
        const large = generateProducts(1, 0, 1_000);
        expect(large.slice(0, 200)).toEqual(small);
        expect(generateProducts(1, 150, 250)).toEqual(large.slice(150, 250));
    });

    it('gives another catalogue for another seed', () => {
        const a = generateProducts(1, 0, 20).map(p => p.name);
        const b = generateProducts(2, 0, 20).map(p => p.name);
        expect(a).not.toEqual(b);
    });

    it('has a pinned first product, so that a change of the generator is a visible change', () => {
        const first = generateProduct(1, 0);
        expect({ slug: first.slug, variants: first.row.variants.length, hash: hash32(JSON.stringify(first.row)) }).toMatchInlineSnapshot(`
          {
            "hash": 1940694341,
            "slug": "oakhurst-indigo-burr-grinder-0",
            "variants": 2,
          }
        `);
    });

    const products = generateProducts(1, 0, 10_000);

    it('has unique slugs and skus across 10,000 products', () => {
        expect(new Set(products.map(p => p.slug)).size).toBe(products.length);
        const skus = products.flatMap(p => p.row.variants.map(v => v.sku));
        expect(new Set(skus).size).toBe(skus.length);
        expect(products.every(p => p.slug === slugify(p.slug))).toBe(true);
    });

    it('has descriptions of a real shop’s length', () => {
        const lengths = products.map(p => p.row.product.translations[0].description.length).sort((a, b) => a - b);
        expect(lengths[0]).toBeGreaterThan(250);
        expect(lengths[lengths.length - 1]).toBeLessThan(2_600);
        expect(lengths[Math.floor(lengths.length / 2)]).toBeGreaterThan(500);
    });

    it('has variants with options, prices, stock and some sold out', () => {
        const variants = products.flatMap(p => p.row.variants);
        expect(variants.length / products.length).toBeGreaterThan(1.5);
        expect(variants.length / products.length).toBeLessThan(3);
        expect(variants.every(v => v.price > 0 && Number.isFinite(v.price))).toBe(true);
        const soldOut = variants.filter(v => v.stockOnHand === 0).length / variants.length;
        expect(soldOut).toBeGreaterThan(0.05);
        expect(soldOut).toBeLessThan(0.2);
        for (const product of products.slice(0, 500)) {
            const groups = product.row.product.optionGroups;
            for (const variant of product.row.variants) {
                // The importer matches each variant's option values to the product's option groups.
                expect(variant.translations[0].optionValues.length).toBe(groups.length);
                variant.translations[0].optionValues.forEach((value, i) => expect(groups[i].translations[0].values).toContain(value));
            }
        }
    });

    it('covers every category, with a facet value for each collection', () => {
        const categories = new Set(products.map(p => p.category.slug));
        expect(categories.size).toBe(DEPARTMENTS.flatMap(d => d.categories).length);
        const values = new Set(products.flatMap(p => p.row.product.facets.map(f => `${f.translations[0].facet}:${f.translations[0].value}`)));
        for (const collection of catalogueCollections()) {
            expect(values).toContain(`${collection.facet}:${collection.value}`);
        }
    });

    it('imports first the products that bring each facet value, so that parallel batches never create one twice', () => {
        const some = products.slice(0, 2_000);
        const primers = facetPrimers(some);
        const keys = (list: typeof some) =>
            new Set(list.flatMap(p => [...p.row.product.facets, ...p.row.variants.flatMap(v => v.facets)].map(f => `${f.translations[0].facet}:${f.translations[0].value}`)));
        expect(keys(primers)).toEqual(keys(some));
        expect(primers.length).toBeLessThan(150);
    });
});

describe('the seeded random numbers', () => {
    it('repeat for a seed and stay in range', () => {
        const a = new SeededRandom(99);
        const b = new SeededRandom(99);
        const draws = Array.from({ length: 1_000 }, () => a.next());
        expect(draws).toEqual(Array.from({ length: 1_000 }, () => b.next()));
        expect(draws.every(x => x >= 0 && x < 1)).toBe(true);
        expect(new Set(draws).size).toBeGreaterThan(990);
    });

    it('sample distinct items', () => {
        const picked = new SeededRandom(3).sample([1, 2, 3, 4, 5], 3);
        expect(new Set(picked).size).toBe(3);
    });
});

describe('the catalogue command line', () => {
    it('needs --products and has defaults for the rest', () => {
        expect(() => parseCatalogueArgs([])).toThrow(/--products is required/);
        expect(parseCatalogueArgs(['--products=10000'])).toEqual({
            products: 10_000,
            seed: 1,
            batchSize: 50,
            concurrency: 4,
            assets: false,
            measure: false,
            waitTimeoutMs: 3_600_000,
            via: 'compose',
            service: 'migrate',
        });
    });

    it('refuses bad numbers and unknown options', () => {
        expect(() => parseCatalogueArgs(['--products=ten'])).toThrow(/--products must be an integer/);
        expect(() => parseCatalogueArgs(['--products=-1'])).toThrow(/from 0/);
        expect(() => parseCatalogueArgs(['--products=5', '--via=ssh'])).toThrow(/--via/);
        expect(() => parseCatalogueArgs(['--products=5', '--colour=red'])).toThrow();
    });

    it('passes the import its arguments unchanged', () => {
        const args = parseCatalogueArgs(['--products=200', '--seed=9', '--assets', '--measure', '--wait-timeout=600', '--via=direct']);
        expect(parseCatalogueArgs(importArgv(args))).toEqual({ ...args, via: 'compose' });
    });
});
