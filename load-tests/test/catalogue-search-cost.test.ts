import { describe, expect, it } from 'vitest';

import { formatCosts, StatementRecorder, type RequestCost } from '../src/catalogue/search-cost';

describe('the search cost measurement', () => {
    it("records a search's own statements only, and only while recording", () => {
        const recorder = new StatementRecorder();
        recorder.logQuery('SELECT 1 FROM "public"."search_index_item" "si"', []);
        recorder.record();
        recorder.logQuery('START TRANSACTION');
        recorder.logQuery('SELECT "s"."id" FROM "public"."scheduled_task" "s"');
        recorder.logQuery('\n  WITH page AS (SELECT 1 FROM "public"."search_index_text" d) SELECT 1', ['x']);
        recorder.logQuery('SELECT "FacetValue"."id" FROM "public"."facet_value" "FacetValue"', [1]);
        recorder.logQuery('COMMIT');
        expect(recorder.stop().map(s => s.sql.trim().slice(0, 9))).toEqual(['WITH page', 'SELECT "F']);
        expect(recorder.stop()).toEqual([]);
    });

    it('reports requests, statements and the median, p95 and max per journey and strategy', () => {
        const costs: RequestCost[] = [1, 2, 3, 4].flatMap(i => [
            { journey: 'search', strategy: 'default', label: `t${i}`, statements: 5, postgresMs: 1000 * i },
            { journey: 'search', strategy: 'indexed', label: `t${i}`, statements: 6, postgresMs: i },
        ]);
        const lines = formatCosts(costs, 21_554).split('\n');
        expect(lines[0]).toContain('21554 search index rows');
        expect(lines[2].split(/\s+/).filter(Boolean)).toEqual(['search', 'default', '4', '5.0', '2000.00', '4000.00', '4000.00']);
        expect(lines[3].split(/\s+/).filter(Boolean)).toEqual(['search', 'indexed', '4', '6.0', '2.00', '4.00', '4.00']);
        expect(lines).toHaveLength(4);
    });
});
