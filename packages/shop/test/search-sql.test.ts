import { UserInputError } from '@vendure/core';
import { describe, expect, it } from 'vitest';

import { countQuery, idCountsQuery, itemsQuery, termMatchesQuery, type IndexedSearchInput, type SearchScope } from '../src/search/search-sql';

const TABLES = { item: '"public"."search_index_item"', document: '"public"."search_index_document"', text: '"public"."search_index_text"' };
const SCOPE: SearchScope = { channelId: 1, languageCode: 'en', defaultLanguageCode: 'en', enabledOnly: true, termMode: 'none' };
const FULLTEXT: SearchScope = { ...SCOPE, termMode: 'fulltext' };

/** The SQL with its parameters put in, for assertions that read like the query. */
function inline({ sql, params }: { sql: string; params: unknown[] }): string {
    return sql.replace(/\$(\d+)/g, (_, n: string) => JSON.stringify(params[Number(n) - 1])).replace(/\s+/g, ' ');
}

describe('search SQL: every filter of the default strategy on an indexed column', () => {
    it('matches a term through the GIN-indexed document, with the immutable two-argument to_tsquery', () => {
        const sql = inline(countQuery({ term: 'wireless head' }, FULLTEXT, TABLES));
        expect(sql).toContain(`d."document" @@ to_tsquery('english', "('wireless':* & 'head':*) & (('wireless':*A & 'head':*A) | ('wireless':*B & 'head':*B)`);
        expect(sql).toContain('FROM "public"."search_index_text" d WHERE');
        expect(sql).not.toMatch(/to_tsvector/);
    });

    it('reads only the narrow filter table when there is no term', () => {
        const sql = inline(countQuery({ collectionSlug: 'audio' }, SCOPE, TABLES));
        expect(sql).toContain('FROM "public"."search_index_document" d WHERE');
        expect(sql).not.toContain('search_index_text');
    });

    it('filters facet values with array containment (AND) and overlap (OR), which GIN serves', () => {
        const input: IndexedSearchInput = { facetValueFilters: [{ and: '3' }, { or: ['4', '5'] }] };
        const sql = inline(countQuery(input, SCOPE, TABLES));
        expect(sql).toContain('d."facetValueIds" @> ["3"]::text[]');
        expect(sql).toContain('d."facetValueIds" && ["4","5"]::text[]');
        expect(sql).not.toMatch(/string_to_array/);
    });

    it('treats the deprecated facetValueIds as OR unless the operator is AND', () => {
        expect(inline(countQuery({ facetValueIds: ['1', '2'] }, SCOPE, TABLES))).toContain('d."facetValueIds" && ["1","2"]::text[]');
        expect(inline(countQuery({ facetValueIds: ['1', '2'], facetValueOperator: 'AND' as never }, SCOPE, TABLES))).toContain(
            'd."facetValueIds" @> ["1","2"]::text[]',
        );
    });

    it('refuses a facet filter with both and and or, with the error the default throws', () => {
        expect(() => countQuery({ facetValueFilters: [{ and: '1', or: ['2'] }] }, SCOPE, TABLES)).toThrow(UserInputError);
    });

    it('filters a collection by id or slug, one or several (any of them)', () => {
        const sql = inline(countQuery({ collectionId: 7, collectionSlug: 'audio', collectionIds: [7, 8, 7], collectionSlugs: ['a', 'b'] }, SCOPE, TABLES));
        expect(sql).toContain('d."collectionIds" @> ["7"]::text[]');
        expect(sql).toContain('d."collectionSlugs" @> ["audio"]::text[]');
        expect(sql).toContain('d."collectionIds" && ["7","8"]::text[]');
        expect(sql).toContain('d."collectionSlugs" && ["a","b"]::text[]');
    });

    it('filters stock per variant, or per product when grouped, as the default does', () => {
        expect(inline(countQuery({ inStock: true }, SCOPE, TABLES))).toContain('d."inStock" = true');
        expect(inline(countQuery({ inStock: false, groupByProduct: true }, SCOPE, TABLES))).toContain('d."productInStock" = false');
    });

    it('filters price and price with tax by range', () => {
        const sql = inline(countQuery({ priceRange: { min: 1000, max: 5000 }, priceRangeWithTax: { min: 1200, max: 6000 } }, SCOPE, TABLES));
        expect(sql).toContain('d."price" BETWEEN 1000 AND 5000');
        expect(sql).toContain('d."priceWithTax" BETWEEN 1200 AND 6000');
    });

    it('keeps to the channel and language, and to enabled rows for the Shop API only', () => {
        expect(inline(countQuery({}, SCOPE, TABLES))).toMatch(/d."channelId" = 1 AND d."languageCode" = "en" AND d."enabled" = true$/);
        expect(inline(countQuery({}, { ...SCOPE, enabledOnly: false }, TABLES))).not.toContain('enabled');
    });

    it("falls back to the channel's default language where a variant lacks the requested one", () => {
        const sql = inline(countQuery({}, { ...SCOPE, languageCode: 'de' }, TABLES));
        expect(sql).toContain('d."languageCode" IN ("de", "en")');
        expect(sql).toContain('(d."languageCode" = "de" OR NOT EXISTS (SELECT 1 FROM "public"."search_index_document" dl');
    });

    it('matches a partial term anywhere in the names, or as a close word, with pg_trgm', () => {
        const sql = inline(countQuery({ term: 'eadphone xl' }, { ...SCOPE, termMode: 'partial' }, TABLES));
        expect(sql).toContain('(d."names" ILIKE "%eadphone%" OR "eadphone" <<% d."names")');
        expect(sql).not.toContain('xl');
        expect(inline(countQuery({ term: 'xl ab' }, { ...SCOPE, termMode: 'partial' }, TABLES))).toContain('FALSE');
    });

    it('counts products when grouped, rows otherwise', () => {
        expect(inline(countQuery({ groupByProduct: true }, SCOPE, TABLES))).toContain('SELECT count(*)::int AS "total" FROM (SELECT DISTINCT d."productId"');
        expect(inline(countQuery({}, SCOPE, TABLES))).toContain('SELECT count(*)::int');
    });

    it('counts facet values and collections in Postgres, per product or per variant', () => {
        const grouped = inline(idCountsQuery('facetValueIds', { groupByProduct: true }, SCOPE, TABLES));
        expect(grouped).toContain('SELECT DISTINCT d."productId" AS result, listed');
        expect(grouped).toContain('unnest(d."facetValueIds")');
        expect(grouped).toContain('GROUP BY pairs.listed');
        expect(inline(idCountsQuery('collectionIds', {}, SCOPE, TABLES))).toContain('SELECT DISTINCT d."productVariantId" AS result, listed');
    });
});

describe('search SQL: sorting and paging', () => {
    it('orders by score for a term, then by variant id, and pages on the document table', () => {
        const sql = inline(itemsQuery({ term: 'tent', take: 12, skip: 24 }, FULLTEXT, TABLES, true));
        expect(sql).toContain(`ts_rank_cd('{0.1, 0.15, 0.2, 1.0}', d."document", to_tsquery('english', "'tent':*"))`);
        expect(sql).toMatch(/ORDER BY "score" DESC, "productVariantId" ASC LIMIT 12 OFFSET 24/);
        expect(sql).toMatch(/ORDER BY page."score" DESC, page."productVariantId" ASC$/);
        expect(sql).toContain('si."inStock" AS "si_inStock"');
    });

    it('orders by the sort fields instead of the score, as the default does', () => {
        const sql = inline(itemsQuery({ term: 'tent', sort: { name: 'ASC' as never, price: 'DESC' as never } }, FULLTEXT, TABLES, false));
        expect(sql).toMatch(/ORDER BY "productName" ASC, "price" DESC, "productVariantId" ASC LIMIT 25 OFFSET 0/);
        expect(sql).not.toContain('inStock');
    });

    it('refuses a sort order that is not ASC or DESC', () => {
        expect(() => itemsQuery({ sort: { name: 'ASC; DROP TABLE x' as never } }, SCOPE, TABLES, false)).toThrow(UserInputError);
    });

    it('groups by product with the aggregates mapToSearchResult reads', () => {
        const sql = inline(itemsQuery({ groupByProduct: true, collectionSlug: 'audio' }, SCOPE, TABLES, true));
        expect(sql).toContain('GROUP BY m."productId" ORDER BY "productVariantId" ASC LIMIT 25 OFFSET 0');
        for (const column of [
            'si."productId" AS "si_productId"',
            'MIN(si."productName") AS "si_productName"',
            `string_agg(si."facetValueIds", ',') AS "si_facetValueIds"`,
            'bool_or(si."inStock") AS "si_inStock"',
            'MIN(si."price") AS "minPrice"',
            'MAX(si."priceWithTax") AS "maxPriceWithTax"',
        ]) {
            expect(sql).toContain(column);
        }
    });

    it('carries the total before paging on every row: variants, or products when grouped', () => {
        const flat = inline(itemsQuery({ term: 'tent', take: 12 }, FULLTEXT, TABLES, true));
        expect(flat).toContain('count(*) OVER () AS "totalResults" FROM "public"."search_index_text" d');
        expect(flat).toContain('page."totalResults"::int AS "totalResults"');
        const grouped = inline(itemsQuery({ term: 'tent', groupByProduct: true }, FULLTEXT, TABLES, true));
        expect(grouped).toContain('MAX(m."score") AS "score", count(*) OVER () AS "totalResults" FROM matches m GROUP BY m."productId"');
    });

    it('joins only the page products’ matching rows to search_index_item when grouped', () => {
        const sql = inline(itemsQuery({ term: 'tent', groupByProduct: true }, FULLTEXT, TABLES, true));
        expect(sql).toContain('page_rows AS MATERIALIZED ( SELECT m."channelId", m."languageCode", m."productVariantId", m."productId" FROM matches m WHERE m."productId" IN (SELECT p."productId" FROM page p) )');
        expect(sql).toContain('FROM page JOIN page_rows m ON m."productId" = page."productId" JOIN "public"."search_index_item" si');
    });

    it('asks whether a term matches anything in the channel before falling back', () => {
        const sql = inline(termMatchesQuery('tent', { channelId: 1, languageCode: 'en', defaultLanguageCode: 'en' }, TABLES));
        expect(sql).toContain(`WITH candidates AS MATERIALIZED ( SELECT 1 FROM "public"."search_index_text" t`);
        expect(sql).toContain(`SELECT EXISTS (SELECT 1 FROM candidates)`);
    });
});
