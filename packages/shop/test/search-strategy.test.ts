import { PLUGIN_INIT_OPTIONS, RequestContext, TransactionalConnection, type Injector } from '@vendure/core';
import { describe, expect, it } from 'vitest';

import { IndexedSearchStrategy } from '../src/search/indexed-search-strategy';

/** A connection that records each statement and answers it from `answer`. */
function fakeConnection(answer: (sql: string) => unknown[]) {
    const statements: string[] = [];
    const connection = {
        rawConnection: { getMetadata: () => ({ schema: 'shop', tableName: 'search_index_item' }) },
        getRepository: () => ({
            query: async (sql: string) => {
                statements.push(sql);
                return answer(sql);
            },
        }),
    };
    return { connection, statements };
}

async function strategy(
    answer: (sql: string) => unknown[],
    options: Record<string, unknown> = { indexStockStatus: true },
    settings = {},
) {
    const { connection, statements } = fakeConnection(answer);
    const injector = {
        get: (token: unknown) => (token === TransactionalConnection ? connection : token === PLUGIN_INIT_OPTIONS ? options : undefined),
    } as unknown as Injector;
    const search = new IndexedSearchStrategy(settings);
    await search.init(injector);
    return { search, statements };
}

function ctx(): RequestContext {
    return new RequestContext({
        apiType: 'shop',
        isAuthorized: true,
        authorizedAsOwnerOnly: false,
        channel: { id: 1, defaultLanguageCode: 'en', defaultCurrencyCode: 'EUR' } as never,
        languageCode: 'en' as never,
    });
}

/** One row of the items query, as Postgres answers it (with the total before paging). */
const itemRow = (id: number, total: number) => ({
    si_productVariantId: id,
    si_productId: id,
    si_facetIds: '',
    si_facetValueIds: '',
    si_collectionIds: '',
    si_channelIds: '1',
    totalResults: total,
});

/** `matches`: whether the term matches any document; `page`: the rows the items query finds. */
const answers =
    (matches: boolean, page: unknown[] = []) =>
    (sql: string) => {
        if (sql.includes('SELECT EXISTS')) return [{ matches }];
        if (sql.includes('"total"')) return [{ total: 3 }];
        if (sql.includes('unnest')) return [{ id: '4', count: 2 }, { id: '9', count: '1' }];
        if (sql.includes('"totalResults"')) return page;
        return [];
    };

describe('IndexedSearchStrategy', () => {
    it('refuses indexCurrencyCode, whose index rows its document table cannot key', async () => {
        await expect(strategy(() => [], { indexCurrencyCode: true })).rejects.toThrow(/indexCurrencyCode/);
    });

    it('reads its tables in the schema of Vendure’s search_index_item', async () => {
        const { search, statements } = await strategy(answers(true));
        await search.getSearchResults(ctx(), { take: 5, term: 'tent' }, true);
        expect(statements[0]).toContain('FROM "shop"."search_index_text" d');
        expect(statements[0]).toContain('JOIN "shop"."search_index_item" si');
    });

    it('answers the usual search with the items query alone: rows prove the term matches, and carry totalItems', async () => {
        const { search, statements } = await strategy(answers(true, [itemRow(1, 7), itemRow(2, 7)]));
        const request = ctx();
        const items = await search.getSearchResults(request, { term: 'tent', take: 2 }, true);
        expect(items.map(i => i.productVariantId)).toEqual([1, 2]);
        expect(await search.getTotalCount(request, { term: 'tent', take: 2 }, true)).toBe(7);
        await search.getFacetValueIds(request, { term: 'tent', take: 2 }, true);
        expect(statements).toHaveLength(2);
        expect(statements.every(sql => sql.includes('d."document" @@'))).toBe(true);
        // Other filters, another request: counted again.
        expect(await search.getTotalCount(request, { term: 'tent', inStock: true }, true)).toBe(3);
        expect(await search.getTotalCount(ctx(), { term: 'tent' }, true)).toBe(3);
    });

    it('knows an empty first page has no results, and counts a page beyond the end', async () => {
        const { search, statements } = await strategy(answers(true));
        const request = ctx();
        await search.getSearchResults(request, { collectionSlug: 'tents' }, true);
        expect(await search.getTotalCount(request, { collectionSlug: 'tents' }, true)).toBe(0);
        await search.getSearchResults(request, { collectionSlug: 'tents', skip: 50 }, false);
        expect(await search.getTotalCount(request, { collectionSlug: 'tents', skip: 50 }, false)).toBe(3);
        expect(statements).toHaveLength(3);
    });

    it('decides once per request whether a term matches, and keeps to full-text when it does', async () => {
        const { search, statements } = await strategy(answers(true));
        const request = ctx();
        await search.getSearchResults(request, { term: 'tent' }, true);
        await search.getTotalCount(request, { term: 'tent' }, true);
        await search.getFacetValueIds(request, { term: 'tent' }, true);
        // An empty full-text page asks whether the term matches anything at all; it does.
        expect(statements.filter(sql => sql.includes('SELECT EXISTS'))).toHaveLength(1);
        expect(statements.filter(sql => !sql.includes('SELECT EXISTS')).every(sql => sql.includes('d."document" @@'))).toBe(true);
        await search.getTotalCount(ctx(), { term: 'tent' }, true);
        expect(statements.filter(sql => sql.includes('SELECT EXISTS'))).toHaveLength(2);
    });

    it('matches with pg_trgm only when the term matches no document', async () => {
        const { search, statements } = await strategy(answers(false));
        expect(await search.getTotalCount(ctx(), { term: 'eadphone' }, true)).toBe(3);
        expect(statements[1]).toContain('<<% d."names"');
        expect(statements[1]).not.toContain('@@');
    });

    it('runs the items query again with pg_trgm when the full-text page is empty and the term matches nothing', async () => {
        const { search, statements } = await strategy(answers(false));
        await search.getSearchResults(ctx(), { term: 'eadphone' }, true);
        expect(statements).toHaveLength(3);
        expect(statements[0]).toContain('d."document" @@');
        expect(statements[1]).toContain('SELECT EXISTS');
        expect(statements[2]).toContain('<<% d."names"');
    });

    it('never probes without a term, or with the fallback off', async () => {
        const { search, statements } = await strategy(answers(false), { indexStockStatus: true }, { partialMatchFallback: false });
        await search.getTotalCount(ctx(), { term: 'eadphone' }, true);
        await search.getTotalCount(ctx(), { term: 'tv' }, true);
        expect(statements).toHaveLength(2);
        expect(statements[0]).toContain('@@');
        expect(statements[1]).not.toContain('@@');
    });

    it('returns counts keyed by string ids, as Vendure looks them up', async () => {
        const { search } = await strategy(answers(true));
        const counts = await search.getFacetValueIds(ctx(), { groupByProduct: true }, true);
        expect([...counts]).toEqual([
            ['4', 2],
            ['9', 1],
        ]);
    });
});
