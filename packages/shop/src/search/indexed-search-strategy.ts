import {
    Injector,
    mapToSearchResult,
    PLUGIN_INIT_OPTIONS,
    RequestContext,
    TransactionalConnection,
    type ID,
    type SearchStrategy,
} from '@vendure/core';

import {
    countQuery,
    idCountsQuery,
    itemsQuery,
    termMatchesQuery,
    TOTAL_COLUMN,
    type IndexedSearchInput,
    type SearchScope,
    type SearchTables,
    type SqlQuery,
    type TermMode,
} from './search-sql';
import { isSearchTerm } from './search-term';

type SearchResult = Awaited<ReturnType<SearchStrategy['getSearchResults']>>[number];

export interface IndexedSearchOptions {
    /**
     * A term that matches no document at all is matched again with pg_trgm: anywhere inside the
     * names and sku ("phone" finds "Headphones") or close to a whole word of them ("hedphones",
     * strict word similarity of at least pg_trgm.strict_word_similarity_threshold, 0.5).
     * Default true. A term that matches something gives exactly the default strategy's rows.
     */
    partialMatchFallback?: boolean;
}

/**
 * DefaultSearchPlugin's search, at the cost of an index: every query reads search_index_document
 * and, for a term, search_index_text (the migration's tables, filled by triggers from the rows
 * Vendure's indexer writes) through GIN indexes, and only a page of results is joined back to
 * search_index_item. It only reads: the
 * index is still written by the workers' search-index jobs, so it is as cluster-safe as the default.
 *
 * Same filters, sorting, paging, totalItems and facet value and collection counts as Vendure's
 * PostgresSearchStrategy, and for a term that matches, the same rows; see docs/search.md for the
 * differences in ranking.
 */
export class IndexedSearchStrategy implements SearchStrategy {
    private connection!: TransactionalConnection;
    private indexStockStatus = false;
    private tables!: SearchTables;
    /** One decision per request and term: items, count and facet counts must agree on the mode. */
    private readonly termModes = new WeakMap<RequestContext, Map<string, TermMode>>();
    /** totalItems as the items query counted it, per request and filters: Vendure asks for it right after the items. */
    private readonly totals = new WeakMap<RequestContext, Map<string, number>>();

    constructor(private readonly settings: IndexedSearchOptions = {}) {}

    async init(injector: Injector): Promise<void> {
        this.connection = injector.get(TransactionalConnection);
        // DefaultSearchPlugin's options (its type is not exported from @vendure/core).
        const options = injector.get<{ indexStockStatus?: boolean; indexCurrencyCode?: boolean }>(PLUGIN_INIT_OPTIONS);
        if (options.indexCurrencyCode) {
            // With it, a variant has one index row per currency, which the document table's key does not have.
            throw new Error('IndexedSearchStrategy does not support indexCurrencyCode');
        }
        this.indexStockStatus = !!options.indexStockStatus;
        const metadata = this.connection.rawConnection.getMetadata('SearchIndexItem');
        const schema = metadata.schema ? `"${metadata.schema}".` : '';
        this.tables = {
            item: `${schema}"${metadata.tableName}"`,
            document: `${schema}"search_index_document"`,
            text: `${schema}"search_index_text"`,
        };
    }

    async getSearchResults(ctx: RequestContext, input: IndexedSearchInput, enabledOnly: boolean): Promise<SearchResult[]> {
        let rows: Array<Record<string, unknown>> | undefined;
        if (isSearchTerm(input.term) && this.settings.partialMatchFallback !== false && !this.termModes.get(ctx)?.has(input.term)) {
            // Full-text first, without asking whether the term matches anything: a page with rows
            // proves it does, which spares the usual request that probe. Only an empty page asks.
            rows = await this.run(ctx, itemsQuery(input, this.baseScope(ctx, enabledOnly, 'fulltext'), this.tables, this.indexStockStatus));
            if (rows.length) {
                this.modesOf(ctx).set(input.term, 'fulltext');
            } else if ((await this.scope(ctx, input, enabledOnly)).termMode !== 'fulltext') {
                rows = undefined;
            }
        }
        rows ??= await this.run(ctx, itemsQuery(input, await this.scope(ctx, input, enabledOnly), this.tables, this.indexStockStatus));
        this.rememberTotal(ctx, input, enabledOnly, rows);
        return rows.map(row => mapToSearchResult(row, ctx.channel.defaultCurrencyCode));
    }

    async getTotalCount(ctx: RequestContext, input: IndexedSearchInput, enabledOnly: boolean): Promise<number> {
        const counted = this.totals.get(ctx)?.get(filtersKey(input, enabledOnly));
        if (counted !== undefined) return counted;
        const [row] = await this.run(ctx, countQuery(input, await this.scope(ctx, input, enabledOnly), this.tables));
        return Number(row.total);
    }

    /** The total the items query counted, if its rows tell it: any row carries it; no rows on the first page means 0. */
    private rememberTotal(ctx: RequestContext, input: IndexedSearchInput, enabledOnly: boolean, rows: Array<Record<string, unknown>>): void {
        const total = rows.length ? Number(rows[0][TOTAL_COLUMN]) : (input.skip ?? 0) === 0 ? 0 : undefined;
        if (total === undefined || Number.isNaN(total)) return;
        let totals = this.totals.get(ctx);
        if (!totals) {
            totals = new Map();
            this.totals.set(ctx, totals);
        }
        totals.set(filtersKey(input, enabledOnly), total);
    }

    async getFacetValueIds(ctx: RequestContext, input: IndexedSearchInput, enabledOnly: boolean): Promise<Map<ID, number>> {
        return this.idCounts(ctx, 'facetValueIds', input, enabledOnly);
    }

    async getCollectionIds(ctx: RequestContext, input: IndexedSearchInput, enabledOnly: boolean): Promise<Map<ID, number>> {
        return this.idCounts(ctx, 'collectionIds', input, enabledOnly);
    }

    private async idCounts(
        ctx: RequestContext,
        column: 'facetValueIds' | 'collectionIds',
        input: IndexedSearchInput,
        enabledOnly: boolean,
    ): Promise<Map<ID, number>> {
        const rows = await this.run(ctx, idCountsQuery(column, input, await this.scope(ctx, input, enabledOnly), this.tables));
        // String keys, as the default strategy's maps have: Vendure looks them up with id.toString().
        return new Map(rows.map(row => [String(row.id), Number(row.count)]));
    }

    private baseScope(ctx: RequestContext, enabledOnly: boolean, termMode: TermMode): SearchScope {
        return {
            channelId: ctx.channelId,
            languageCode: ctx.languageCode,
            defaultLanguageCode: ctx.channel.defaultLanguageCode,
            enabledOnly,
            termMode,
        };
    }

    private async scope(ctx: RequestContext, input: IndexedSearchInput, enabledOnly: boolean): Promise<SearchScope> {
        const scope = this.baseScope(ctx, enabledOnly, 'none');
        return { ...scope, termMode: await this.termMode(ctx, input.term, scope) };
    }

    private modesOf(ctx: RequestContext): Map<string, TermMode> {
        let modes = this.termModes.get(ctx);
        if (!modes) {
            modes = new Map();
            this.termModes.set(ctx, modes);
        }
        return modes;
    }

    private async termMode(ctx: RequestContext, term: string | null | undefined, scope: Omit<SearchScope, 'termMode' | 'enabledOnly'>): Promise<TermMode> {
        if (!isSearchTerm(term)) return 'none';
        if (this.settings.partialMatchFallback === false) return 'fulltext';
        const modes = this.modesOf(ctx);
        let mode = modes.get(term);
        if (!mode) {
            const [row] = await this.run(ctx, termMatchesQuery(term, scope, this.tables));
            mode = row.matches ? 'fulltext' : 'partial';
            modes.set(term, mode);
        }
        return mode;
    }

    /** Through the request's transaction, if it has one, like every Vendure read. */
    private run(ctx: RequestContext, query: SqlQuery): Promise<Array<Record<string, unknown>>> {
        return this.connection.getRepository(ctx, 'SearchIndexItem').query(query.sql, query.params);
    }
}

/** What decides totalItems: the input without its page, and whether disabled rows count. */
function filtersKey(input: IndexedSearchInput, enabledOnly: boolean): string {
    return JSON.stringify([enabledOnly, { ...input, take: undefined, skip: undefined, sort: undefined }]);
}
