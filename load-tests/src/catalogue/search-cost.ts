import type { INestApplicationContext } from '@nestjs/common';
import { IndexedSearchStrategy } from '@vendure-scale/shop/dist/search/indexed-search-strategy';
import {
    FacetValueService,
    Injector,
    LanguageCode,
    PostgresSearchStrategy,
    RequestContextService,
    TransactionalConnection,
    type RequestContext,
    type SearchStrategy,
} from '@vendure/core';

import { catalogueCollections } from './catalogue-collections';

/** One SQL statement as TypeORM sent it. */
export interface RecordedStatement {
    sql: string;
    params: unknown[];
}

/** A search request's statements: reads of the search tables, and the facet value lookup after them. */
const SEARCH_STATEMENT = /^\s*(SELECT|WITH)\b[\s\S]*("search_index_|"facet_value")/i;

/**
 * A TypeORM logger that keeps the statements sent while recording (Vendure uses a logger given in
 * dbConnectionOptions instead of its own), and still reports failed ones.
 */
export class StatementRecorder {
    private recorded: RecordedStatement[] | undefined;

    record(): void {
        this.recorded = [];
    }

    stop(): RecordedStatement[] {
        const recorded = this.recorded ?? [];
        this.recorded = undefined;
        return recorded;
    }

    logQuery(query: string, parameters?: unknown[]): void {
        // The process also runs Vendure's scheduler and queues: only a search's own reads count.
        if (SEARCH_STATEMENT.test(query)) {
            this.recorded?.push({ sql: query, params: parameters ?? [] });
        }
    }

    logQueryError(error: string | Error, query: string): void {
        console.error(`query failed: ${String(error)}\n${query}`);
    }

    logQuerySlow(): void {}
    logSchemaBuild(): void {}
    logMigration(): void {}
    log(): void {}
}

/** The Shop API's search requests of the load tests' journeys (load-tests/graphql/shop). */
export type Journey = 'search' | 'browse';

/** Terms a shopper types into the generated catalogue: nouns, a brand, two words, a material. */
export const COST_TERMS = [
    'headphones', 'espresso machine', 'yoga mat', 'tent', 'aldervane', 'stainless steel', 'kettlebell', 'wireless', 'desk lamp', 'puzzle',
    'serum', 'harness', 'blender', 'knife', 'jersey', 'hub', 'grill', 'candle', 'strap', 'speaker',
];

export interface RequestCost {
    journey: Journey;
    strategy: string;
    label: string;
    statements: number;
    /** Postgres planning + execution time of the request's statements (EXPLAIN ANALYZE), ms. */
    postgresMs: number;
}

const EXPLAIN_RUNS = 2;

interface Explained {
    'Planning Time': number;
    'Execution Time': number;
}

/**
 * Postgres time per search request for Vendure's PostgresSearchStrategy and the shop's
 * IndexedSearchStrategy on the same database: each request runs as the Shop API runs it
 * (items, totalItems, facet values and their lookup), its statements are recorded, and each is
 * run again under EXPLAIN (ANALYZE), warm (the better of two runs), summing planning and
 * execution time: what pg_stat_statements would show per request, without shared_preload_libraries.
 */
export async function measureSearchCost(
    app: INestApplicationContext,
    recorder: StatementRecorder,
    log: (line: string) => void,
): Promise<RequestCost[]> {
    const connection = app.get(TransactionalConnection);
    const ctx = await app.get(RequestContextService).create({ apiType: 'shop', languageCode: LanguageCode.en });
    const injector = new Injector(app as never);
    const strategies: Array<[string, SearchStrategy]> = [
        ['default', new PostgresSearchStrategy()],
        ['indexed', new IndexedSearchStrategy()],
    ];
    for (const [, strategy] of strategies) {
        await strategy.init?.(injector);
    }
    const requests: Array<{ journey: Journey; label: string; input: Record<string, unknown> }> = [
        ...COST_TERMS.map(term => ({ journey: 'search' as const, label: term, input: { term, groupByProduct: true, take: 12 } })),
        ...catalogueCollections()
            .filter((_, i) => i % 3 === 0)
            .map(c => ({ journey: 'browse' as const, label: c.slug, input: { collectionSlug: c.slug, groupByProduct: true, take: 12 } })),
    ];
    const costs: RequestCost[] = [];
    for (const request of requests) {
        for (const [name, strategy] of strategies) {
            recorder.record();
            await shopSearch(app, ctx, strategy, request.input);
            const statements = recorder.stop();
            let postgresMs = 0;
            for (const statement of statements) {
                // The better of two runs: the pool's connections are not all warm, and a cold
                // catalogue cache would be charged to whichever strategy met it first.
                const runs: number[] = [];
                for (let run = 0; run < EXPLAIN_RUNS; run++) {
                    const [row] = await connection.rawConnection.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.sql}`, statement.params);
                    const plan = (row['QUERY PLAN'] as Explained[])[0];
                    runs.push(plan['Planning Time'] + plan['Execution Time']);
                }
                postgresMs += Math.min(...runs);
            }
            costs.push({ journey: request.journey, strategy: name, label: request.label, statements: statements.length, postgresMs });
        }
        const [mine, reference] = [costs[costs.length - 1], costs[costs.length - 2]];
        log(`search cost: ${request.journey} "${request.label}": default ${reference.postgresMs.toFixed(1)} ms, indexed ${mine.postgresMs.toFixed(1)} ms`);
    }
    return costs;
}

/** What the Shop API does for `search { totalItems items facetValues { facetValue } }`. */
async function shopSearch(app: INestApplicationContext, ctx: RequestContext, strategy: SearchStrategy, input: Record<string, unknown>): Promise<void> {
    await strategy.getSearchResults(ctx, input, true);
    await strategy.getTotalCount(ctx, input, true);
    const counts = await strategy.getFacetValueIds(ctx, input, true);
    await app.get(FacetValueService).findByIds(ctx, [...counts.keys()]);
}

function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Per journey and strategy: requests, statements per request, median / p95 / max Postgres time. */
export function formatCosts(costs: RequestCost[], indexRows: number): string {
    const lines = [
        `search cost per request on this catalogue (${indexRows} search index rows): Postgres planning + execution time, EXPLAIN (ANALYZE), warm cache`,
        `  ${'journey'.padEnd(8)}${'strategy'.padEnd(10)}${'requests'.padStart(9)}${'statements'.padStart(12)}${'median ms'.padStart(11)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}`,
    ];
    for (const journey of ['search', 'browse'] as const) {
        for (const strategy of ['default', 'indexed']) {
            const rows = costs.filter(c => c.journey === journey && c.strategy === strategy);
            if (!rows.length) continue;
            const ms = rows.map(r => r.postgresMs);
            const statements = rows.reduce((sum, r) => sum + r.statements, 0) / rows.length;
            lines.push(
                `  ${journey.padEnd(8)}${strategy.padEnd(10)}${String(rows.length).padStart(9)}${statements.toFixed(1).padStart(12)}` +
                    `${percentile(ms, 50).toFixed(2).padStart(11)}${percentile(ms, 95).toFixed(2).padStart(9)}${Math.max(...ms).toFixed(2).padStart(9)}`,
            );
        }
    }
    return lines.join('\n');
}
