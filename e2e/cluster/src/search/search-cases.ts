import type { SearchAnswer } from './search-answers';

/**
 * The fixed terms the two strategies are compared on: words of Vendure's sample catalogue and of
 * the generated one (load-tests/src/catalogue/vocabulary.ts, seed 1), one word and several, a
 * hyphenated one, a brand, a stemmed form and a prefix ("headph").
 */
export const SAMPLE_TERMS = ['laptop', 'camera', 'running shoe', 'chair', 'plants', 'cable', 'wooden', 'hi-top', 'monitor', 'sofa'];
export const GENERATED_TERMS = ['headphones', 'headph', 'wireless', 'espresso machine', 'yoga', 'stainless steel', 'kettlebell', 'bluetooth speaker', 'aldervane', 'tent'];

export interface SearchCase {
    name: string;
    input: Record<string, unknown>;
    /** Compare the order too: only where no score decides it (a sort, or no term). */
    ordered: boolean;
}

/** Facet values and collections to filter by, taken from what the reference found for the term. */
export interface FilterRefs {
    facetValueIds: string[];
    collectionIds: string[];
    collectionSlugs: string[];
}

/** The two facet values and collections that most results of `answer` carry. */
export function filterRefs(answer: SearchAnswer, slugOf: (collectionId: string) => string): FilterRefs {
    const top = (counts: Record<string, number>) =>
        Object.entries(counts)
            .sort(([, a], [, b]) => b - a)
            .slice(0, 2)
            .map(([id]) => id);
    const collectionIds = top(answer.collections);
    return { facetValueIds: top(answer.facetValues), collectionIds, collectionSlugs: collectionIds.map(slugOf) };
}

/** Every filter the shop relies on, each once with the term, plus sorting and paging. */
export function searchCases(term: string, refs: FilterRefs): SearchCase[] {
    const [fv1, fv2 = fv1] = refs.facetValueIds;
    const [c1, c2 = c1] = refs.collectionIds;
    const [s1, s2 = s1] = refs.collectionSlugs;
    const cases: SearchCase[] = [
        { name: 'term, grouped', input: { term, groupByProduct: true }, ordered: false },
        { name: 'term, variants', input: { term, groupByProduct: false }, ordered: false },
        { name: 'in stock, grouped', input: { term, groupByProduct: true, inStock: true }, ordered: false },
        { name: 'sold out, variants', input: { term, groupByProduct: false, inStock: false }, ordered: false },
        { name: 'sorted by name, variants', input: { term, sort: { name: 'ASC' } }, ordered: true },
        { name: 'sorted by price, grouped', input: { term, groupByProduct: true, sort: { price: 'DESC' } }, ordered: true },
        { name: 'page 2 of 3 by name', input: { term, groupByProduct: true, sort: { name: 'DESC' }, take: 3, skip: 3 }, ordered: true },
    ];
    if (fv1) {
        cases.push(
            { name: 'facet values AND', input: { term, groupByProduct: true, facetValueFilters: [{ and: fv1 }, { and: fv2 }] }, ordered: false },
            { name: 'facet values OR', input: { term, groupByProduct: true, facetValueFilters: [{ or: [fv1, fv2] }] }, ordered: false },
            { name: 'facetValueIds AND (deprecated)', input: { term, facetValueIds: [fv1, fv2], facetValueOperator: 'AND' }, ordered: false },
            { name: 'facetValueIds OR (deprecated)', input: { term, facetValueIds: [fv1, fv2], facetValueOperator: 'OR' }, ordered: false },
        );
    }
    if (c1) {
        cases.push(
            { name: 'collection id', input: { term, groupByProduct: true, collectionId: c1 }, ordered: false },
            { name: 'collection slug', input: { term, groupByProduct: true, collectionSlug: s1 }, ordered: false },
            { name: 'collection ids', input: { term, collectionIds: [c1, c2] }, ordered: false },
            { name: 'collection slugs', input: { term, groupByProduct: true, collectionSlugs: [s1, s2] }, ordered: false },
        );
    }
    return cases;
}

/** A collection page without a term, as the browse journey asks for it: the order is the variant id, so it must match too. */
export function browseCases(collectionSlug: string): SearchCase[] {
    return [
        { name: `browse ${collectionSlug}`, input: { collectionSlug, groupByProduct: true }, ordered: true },
        { name: `browse ${collectionSlug}, variants`, input: { collectionSlug, groupByProduct: false, take: 12, skip: 12 }, ordered: true },
        { name: `browse ${collectionSlug}, in stock`, input: { collectionSlug, groupByProduct: true, inStock: true }, ordered: true },
    ];
}
