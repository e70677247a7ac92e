import { getFieldsToSelect, UserInputError, type ID, type SearchStrategy } from '@vendure/core';

import {
    containsPattern,
    matchQuery,
    partialWords,
    RANK_WEIGHTS,
    rankQuery,
    termWords,
    TEXT_SEARCH_CONFIG,
} from './search-term';

/** Vendure's SearchInput as DefaultSearchPlugin hands it over (with `inStock` when stock is indexed). */
type VendureSearchInput = Parameters<SearchStrategy['getSearchResults']>[1];

export interface PriceRange {
    min: number;
    max: number;
}

/**
 * Plus `inStock` (DefaultSearchPlugin adds it with indexStockStatus) and the price filters this shop
 * adds to the API (price-range-plugin.ts), in the shape of Vendure's Elasticsearch plugin.
 */
export interface IndexedSearchInput extends VendureSearchInput {
    inStock?: boolean | null;
    priceRange?: PriceRange | null;
    priceRangeWithTax?: PriceRange | null;
}

/**
 * How the term is matched: `fulltext` through the document's GIN index (the default strategy's
 * semantics), `partial` through pg_trgm when the term matches no document at all, `none` for no term.
 */
export type TermMode = 'none' | 'fulltext' | 'partial';

export interface SearchScope {
    channelId: ID;
    languageCode: string;
    defaultLanguageCode: string;
    enabledOnly: boolean;
    termMode: TermMode;
}

export interface SearchTables {
    /** Vendure's search_index_item, quoted and schema-qualified. */
    item: string;
    /** The migration's search_index_document (what is filtered, counted, sorted), quoted and schema-qualified. */
    document: string;
    /** The migration's search_index_text (the same columns, and what a term is matched in), quoted and schema-qualified. */
    text: string;
}

export interface SqlQuery {
    sql: string;
    params: unknown[];
}

/** Positional parameters ($1, $2, …) for node-postgres; values never enter the SQL text. */
class SqlParams {
    readonly values: unknown[] = [];

    add(value: unknown): string {
        this.values.push(value);
        return `$${this.values.length}`;
    }
}

const SORT_ORDERS = new Set(['ASC', 'DESC']);

function sortOrder(value: unknown): 'ASC' | 'DESC' {
    const order = String(value).toUpperCase();
    if (!SORT_ORDERS.has(order)) {
        throw new UserInputError(`unknown sort order: ${String(value)}`);
    }
    return order as 'ASC' | 'DESC';
}

const ids = (values: readonly ID[]) => [...new Set(values.map(String))];

/**
 * The WHERE conditions on `d` (search_index_document, or search_index_text for a term) for one
 * input: every filter of the default strategy, each on an indexed column: arrays with GIN for
 * facets and collections (@> for AND, && for OR), the tsvector with GIN for the term.
 */
export function filterConditions(input: IndexedSearchInput, scope: SearchScope, tables: SearchTables, params: SqlParams): string[] {
    const where: string[] = [`d."channelId" = ${params.add(scope.channelId)}`];

    if (scope.languageCode === scope.defaultLanguageCode) {
        where.push(`d."languageCode" = ${params.add(scope.languageCode)}`);
    } else {
        // The requested language where a variant has it, else the channel's default language.
        const wanted = params.add(scope.languageCode);
        where.push(
            `d."languageCode" IN (${wanted}, ${params.add(scope.defaultLanguageCode)})`,
            `(d."languageCode" = ${wanted} OR NOT EXISTS (SELECT 1 FROM ${tables.document} dl WHERE dl."channelId" = d."channelId" ` +
                `AND dl."productVariantId" = d."productVariantId" AND dl."languageCode" = ${wanted}))`,
        );
    }

    if (scope.termMode === 'fulltext') {
        where.push(`d."document" @@ to_tsquery('${TEXT_SEARCH_CONFIG}', ${params.add(matchQuery(termWords(input.term!)))})`);
    } else if (scope.termMode === 'partial') {
        const words = partialWords(termWords(input.term!));
        where.push(
            words.length
                ? words.map(word => `(d."names" ILIKE ${params.add(containsPattern(word))} OR ${params.add(word)} <<% d."names")`).join(' AND ')
                : 'FALSE',
        );
    }

    if (input.inStock != null) {
        where.push(`d."${input.groupByProduct ? 'productInStock' : 'inStock'}" = ${params.add(input.inStock)}`);
    }

    if (input.facetValueIds?.length) {
        // The deprecated form: one operator for all ids, OR unless AND is asked for.
        const operator = String(input.facetValueOperator) === 'AND' ? '@>' : '&&';
        where.push(`d."facetValueIds" ${operator} ${params.add(ids(input.facetValueIds))}::text[]`);
    }
    for (const filter of input.facetValueFilters ?? []) {
        if (filter.and && filter.or?.length) {
            throw new UserInputError('error.facetfilterinput-invalid-input');
        }
        if (filter.and) {
            where.push(`d."facetValueIds" @> ${params.add(ids([filter.and]))}::text[]`);
        } else if (filter.or?.length) {
            where.push(`d."facetValueIds" && ${params.add(ids(filter.or))}::text[]`);
        }
    }

    if (input.collectionId) {
        where.push(`d."collectionIds" @> ${params.add(ids([input.collectionId]))}::text[]`);
    }
    if (input.collectionSlug) {
        where.push(`d."collectionSlugs" @> ${params.add([input.collectionSlug])}::text[]`);
    }
    if (input.collectionIds?.length) {
        where.push(`d."collectionIds" && ${params.add(ids(input.collectionIds))}::text[]`);
    }
    if (input.collectionSlugs?.length) {
        where.push(`d."collectionSlugs" && ${params.add([...new Set(input.collectionSlugs)])}::text[]`);
    }

    for (const [column, range] of [
        ['price', input.priceRange],
        ['priceWithTax', input.priceRangeWithTax],
    ] as const) {
        if (range) {
            where.push(`d."${column}" BETWEEN ${params.add(range.min)} AND ${params.add(range.max)}`);
        }
    }

    if (scope.enabledOnly) {
        where.push(`d."enabled" = true`);
    }
    return where;
}

function scoreExpression(input: IndexedSearchInput, scope: SearchScope, params: SqlParams): string {
    if (scope.termMode === 'fulltext') {
        return `ts_rank_cd('${RANK_WEIGHTS}', d."document", to_tsquery('${TEXT_SEARCH_CONFIG}', ${params.add(rankQuery(termWords(input.term!)))}))`;
    }
    if (scope.termMode === 'partial') {
        return `strict_word_similarity(${params.add(input.term!.trim())}, d."names")`;
    }
    return '0::real';
}

/**
 * ORDER BY as the default strategy orders: the sort fields, else the score for a term, then the
 * variant id. `alias` qualifies the columns; none for a grouped query's output columns.
 */
function orderBy(input: IndexedSearchInput, scope: SearchScope, alias?: string): string {
    const column = (name: string) => (alias ? `${alias}."${name}"` : `"${name}"`);
    const order: string[] = [];
    if (input.sort) {
        if (input.sort.name) order.push(`${column('productName')} ${sortOrder(input.sort.name)}`);
        if (input.sort.price) order.push(`${column('price')} ${sortOrder(input.sort.price)}`);
    } else if (scope.termMode !== 'none') {
        order.push(`${column('score')} DESC`);
    }
    order.push(`${column('productVariantId')} ASC`);
    return order.join(', ');
}

const GROUPED_LISTS = new Set(['facetIds', 'facetValueIds', 'collectionIds', 'channelIds']);
const GROUPED_FLAGS = new Set(['enabled', 'inStock', 'productInStock']);

/** The columns mapToSearchResult reads, aggregated per product as the default strategy does. */
function resultColumns(groupByProduct: boolean, indexStockStatus: boolean): string {
    return getFieldsToSelect(indexStockStatus, false)
        .map(column => {
            const value = `si."${column}"`;
            const alias = `"si_${column}"`;
            if (!groupByProduct || column === 'productId') return `${value} AS ${alias}`;
            if (GROUPED_LISTS.has(column)) return `string_agg(${value}, ',') AS ${alias}`;
            if (GROUPED_FLAGS.has(column)) return `bool_or(${value}) AS ${alias}`;
            return `MIN(${value}) AS ${alias}`;
        })
        .join(', ');
}

const SAME_ROW = (a: string, b: string) =>
    `${a}."channelId" = ${b}."channelId" AND ${a}."languageCode" = ${b}."languageCode" AND ${a}."productVariantId" = ${b}."productVariantId"`;

/**
 * The narrow filter table, or for a term the text table, which has the same columns: a term's rows
 * come from its GIN index with their filter columns, without a join.
 */
function matchedRows(scope: SearchScope, tables: SearchTables): string {
    return `${scope.termMode === 'none' ? tables.document : tables.text} d`;
}

/** The column of every items row that carries the number of results (rows, or products when grouped) before paging. */
export const TOTAL_COLUMN = 'totalResults';

/**
 * One page of results. The page is chosen on the narrow document table (index, sort, limit); only
 * its rows are joined to search_index_item for the columns the API returns. Every row also carries
 * the total before paging (a window count over what is sorted anyway), so that totalItems needs no
 * second scan of the matches.
 */
export function itemsQuery(
    input: IndexedSearchInput,
    scope: SearchScope,
    tables: SearchTables,
    indexStockStatus: boolean,
): SqlQuery {
    const params = new SqlParams();
    const score = scoreExpression(input, scope, params);
    const where = filterConditions(input, scope, tables, params).join(' AND ');
    const limit = `LIMIT ${params.add(input.take || 25)} OFFSET ${params.add(input.skip || 0)}`;

    if (!input.groupByProduct) {
        const sql = `
            WITH page AS (
                SELECT d."channelId", d."languageCode", d."productVariantId", d."productName", d."price", ${score} AS "score",
                    count(*) OVER () AS "${TOTAL_COLUMN}"
                FROM ${matchedRows(scope, tables)}
                WHERE ${where}
                ORDER BY ${orderBy(input, scope)} ${limit}
            )
            SELECT ${resultColumns(false, indexStockStatus)}, page."score" AS "score", page."${TOTAL_COLUMN}"::int AS "${TOTAL_COLUMN}"
            FROM page JOIN ${tables.item} si ON ${SAME_ROW('si', 'page')}
            ORDER BY ${orderBy(input, scope, 'page')}`;
        return { sql, params: params.values };
    }

    // Grouped: the matching rows once (a CTE used twice is materialised), the page of products
    // from them (bare names in its ORDER BY are its output columns, the aggregates), the page
    // products' matching rows, and only those joined to search_index_item for the result columns.
    // page_rows is materialised on purpose: the planner underestimates a weighted tsquery's rows
    // (7 for 1,800 at 10,000 products) and would otherwise join every match to search_index_item.
    const sql = `
        WITH matches AS (
            SELECT d."channelId", d."languageCode", d."productVariantId", d."productId", d."productName", d."price", ${score} AS "score"
            FROM ${matchedRows(scope, tables)}
            WHERE ${where}
        ), page AS (
            SELECT m."productId", MIN(m."productVariantId") AS "productVariantId", MIN(m."productName") AS "productName",
                MIN(m."price") AS "price", MAX(m."score") AS "score", count(*) OVER () AS "${TOTAL_COLUMN}"
            FROM matches m
            GROUP BY m."productId"
            ORDER BY ${orderBy(input, scope)} ${limit}
        ), page_rows AS MATERIALIZED (
            SELECT m."channelId", m."languageCode", m."productVariantId", m."productId"
            FROM matches m
            WHERE m."productId" IN (SELECT p."productId" FROM page p)
        )
        SELECT ${resultColumns(true, indexStockStatus)},
            MIN(si."price") AS "minPrice", MAX(si."price") AS "maxPrice",
            MIN(si."priceWithTax") AS "minPriceWithTax", MAX(si."priceWithTax") AS "maxPriceWithTax",
            page."score" AS "score", page."${TOTAL_COLUMN}"::int AS "${TOTAL_COLUMN}"
        FROM page
        JOIN page_rows m ON m."productId" = page."productId"
        JOIN ${tables.item} si ON ${SAME_ROW('si', 'm')}
        GROUP BY si."productId", page."productId", page."productVariantId", page."productName", page."price", page."score", page."${TOTAL_COLUMN}"
        ORDER BY ${orderBy(input, scope, 'page')}`;
    return { sql, params: params.values };
}

/** totalItems: matching rows, or matching products when grouped (a hashed DISTINCT, cheaper than count(DISTINCT)'s sort). */
export function countQuery(input: IndexedSearchInput, scope: SearchScope, tables: SearchTables): SqlQuery {
    const params = new SqlParams();
    const where = filterConditions(input, scope, tables, params).join(' AND ');
    const sql = input.groupByProduct
        ? `SELECT count(*)::int AS "total" FROM (SELECT DISTINCT d."productId" FROM ${matchedRows(scope, tables)} WHERE ${where}) products`
        : `SELECT count(*)::int AS "total" FROM ${matchedRows(scope, tables)} WHERE ${where}`;
    return { sql, params: params.values };
}

/**
 * How many results (products when grouped, variants otherwise) carry each facet value or
 * collection: counted in Postgres, where the default strategy sends every matching row to Node.
 * Distinct (result, id) pairs first, then a count per id: two hash aggregates instead of the sort
 * that count(DISTINCT) needs.
 */
export function idCountsQuery(
    column: 'facetValueIds' | 'collectionIds',
    input: IndexedSearchInput,
    scope: SearchScope,
    tables: SearchTables,
): SqlQuery {
    const params = new SqlParams();
    const where = filterConditions(input, scope, tables, params).join(' AND ');
    const counted = input.groupByProduct ? 'd."productId"' : 'd."productVariantId"';
    const sql = `
        SELECT pairs.listed AS "id", count(*)::int AS "count"
        FROM (
            SELECT DISTINCT ${counted} AS result, listed
            FROM ${matchedRows(scope, tables)} CROSS JOIN LATERAL unnest(d."${column}") AS listed
            WHERE ${where} AND listed <> ''
        ) pairs
        GROUP BY pairs.listed`;
    return { sql, params: params.values };
}

/**
 * Whether the term matches any document of the channel at all (then no partial matching is needed).
 * As a materialised CTE, planned for all its rows, so a bitmap scan of the GIN index: as a plain
 * EXISTS the planner expects an early hit and scans the table, which for a term that matches
 * nothing means every row.
 */
export function termMatchesQuery(term: string, scope: Pick<SearchScope, 'channelId' | 'languageCode' | 'defaultLanguageCode'>, tables: SearchTables): SqlQuery {
    const params = new SqlParams();
    const sql = `
        WITH candidates AS MATERIALIZED (
            SELECT 1 FROM ${tables.text} t
            WHERE t."channelId" = ${params.add(scope.channelId)}
              AND t."languageCode" IN (${params.add(scope.languageCode)}, ${params.add(scope.defaultLanguageCode)})
              AND t."document" @@ to_tsquery('${TEXT_SEARCH_CONFIG}', ${params.add(matchQuery(termWords(term)))})
        )
        SELECT EXISTS (SELECT 1 FROM candidates) AS "matches"`;
    return { sql, params: params.values };
}
