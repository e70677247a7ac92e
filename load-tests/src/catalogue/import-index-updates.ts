import type { Job, JobBuffer } from '@vendure/core';

/**
 * Vendure's importer adjusts each new variant's stock, and DefaultSearchPlugin answers every
 * stock movement with an index update job: 20,000 jobs for 10,000 products, each a few queries
 * the reindex after the import repeats anyway. This buffer (Vendure's JobBuffer API, registered
 * in the importing process only) holds those jobs while the import runs, and its reduce drops
 * them when the import flushes it; the reindex stands in for them.
 */
export class ImportIndexUpdates implements JobBuffer<{ type?: string }> {
    readonly id = 'catalogue-import-index-updates';

    collect(job: Job<{ type?: string }>): boolean {
        return job.queueName === 'update-search-index' && job.data.type === 'update-variants';
    }

    reduce(): Array<Job<{ type?: string }>> {
        return [];
    }
}
