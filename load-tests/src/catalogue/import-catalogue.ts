import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import {
    Asset,
    AssetService,
    CollectionService,
    FacetValueService,
    Importer,
    isGraphQlErrorResult,
    JobQueueService,
    LanguageCode,
    Populator,
    Product,
    ProductTranslation,
    RequestContextService,
    SearchService,
    TaxCategoryService,
    TransactionalConnection,
    type ID,
    type InitialData,
    type RequestContext,
} from '@vendure/core';

import { catalogueCollections } from './catalogue-collections';
import { generateProducts, type GeneratedProduct } from './generate-product';
import { ImportIndexUpdates } from './import-index-updates';
import { waitForJobs } from './wait-for-jobs';

export interface ImportOptions {
    products: number;
    seed: number;
    /** Products per call of Vendure's importer. */
    batchSize: number;
    /** Calls of the importer running at once. */
    concurrency: number;
    /** A directory of images; each product gets one of them. None: no assets. */
    imagesDir?: string;
    /** How long to wait for the workers to apply collection filters and reindex; 0 = do not wait. */
    waitTimeoutMs: number;
    /** The initial data (tax rates, zones, …) to set up an empty shop with. */
    initialData: () => InitialData;
    log: (line: string) => void;
}

export interface TableSize {
    table: string;
    rows: number;
    bytes: number;
}

export interface ImportSummary {
    requested: number;
    existing: number;
    imported: number;
    collectionsCreated: number;
    reindexed: boolean;
    importSeconds: number;
    indexSeconds: number;
    tables: TableSize[];
}

/** The tables a catalogue of this size fills, for the report. */
const REPORTED_TABLES = [
    'product',
    'product_translation',
    'product_variant',
    'product_variant_translation',
    'product_variant_price',
    'stock_level',
    'product_option',
    'facet_value',
    'collection',
    'collection_product_variants_product_variant',
    'asset',
    'search_index_item',
    'search_index_document',
    'search_index_text',
];

const SLUG_CHUNK = 1_000;

function duration(seconds: number): string {
    return seconds >= 90 ? `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.round(seconds)}s`;
}

/**
 * Imports products [0, options.products) of the seeded catalogue through Vendure's Importer, inside
 * a running shop's app context (see import-catalogue-main.ts), and leaves the rest to the shop's
 * workers: the collection filters and the reindex are jobs on its queue. Idempotent: products are
 * known by slug and collections by slug, and only what is missing is created.
 */
export async function importCatalogue(app: INestApplicationContext, options: ImportOptions): Promise<ImportSummary> {
    const { log } = options;
    const connection = app.get(TransactionalConnection);
    const ctx = await app.get(RequestContextService).create({ apiType: 'admin', languageCode: LanguageCode.en });

    await ensureInitialData(app, ctx, options);

    const planned = generateProducts(options.seed, 0, options.products);
    const existing = await productIdsBySlug(connection, ctx, planned.map(p => p.slug));
    const missing = planned.filter(p => !existing.has(p.slug));
    log(`catalogue: ${options.products} products planned (seed ${options.seed}), ${existing.size} already there, ${missing.length} to import`);

    const started = Date.now();
    if (missing.length) {
        const jobs = app.get(JobQueueService);
        const buffer = new ImportIndexUpdates();
        jobs.addBuffer(buffer);
        try {
            await importProducts(app, ctx, missing, options);
        } finally {
            // Drops what the buffer held (also from an earlier run that stopped half-way).
            await jobs.flush(buffer);
            jobs.removeBuffer(buffer);
        }
    }
    const importSeconds = (Date.now() - started) / 1000;

    const collections = await ensureCollections(app, ctx, log);
    const allIds = await productIdsBySlug(connection, ctx, planned.map(p => p.slug));
    // Products missing from the index: imported now, or by a run that stopped before its reindex.
    const unindexed = await countUnindexed(connection, [...allIds.values()]);
    const changed = missing.length > 0 || unindexed > 0;
    if (changed && collections.existing.length) {
        // The importer publishes no product events, so collections made earlier do not see new products by themselves.
        await app.get(CollectionService).triggerApplyFiltersJob(ctx, { collectionIds: collections.existing });
    }

    const indexStarted = Date.now();
    const wait = (queues: string[], what: string) =>
        options.waitTimeoutMs > 0 ? waitForJobs(app, queues, { timeoutMs: options.waitTimeoutMs, what, log }) : Promise.resolve();
    // Reindexing reads collection membership, so the filters go first; a reindex racing them could
    // write a variant's old collections after the filter job's own index update wrote the new ones.
    await wait(['apply-collection-filters'], 'collection filters');
    const reindexed = changed || collections.created > 0;
    if (reindexed) {
        await app.get(SearchService).reindex(ctx);
        log(`catalogue: reindex queued for the workers (${unindexed} of the catalogue's products not in the index yet)`);
    }
    await wait(['apply-collection-filters', 'update-search-index'], 'search index');
    const indexSeconds = (Date.now() - indexStarted) / 1000;

    return {
        requested: options.products,
        existing: existing.size,
        imported: missing.length,
        collectionsCreated: collections.created,
        reindexed,
        importSeconds,
        indexSeconds,
        tables: await tableSizes(connection),
    };
}

/** An empty shop (migrated without SEED_SAMPLE_DATA) has no tax categories, which the importer needs. */
async function ensureInitialData(app: INestApplicationContext, ctx: RequestContext, options: ImportOptions): Promise<void> {
    const { totalItems } = await app.get(TaxCategoryService).findAll(ctx, { take: 1 });
    if (totalItems === 0) {
        options.log('catalogue: no tax categories yet; setting up the initial data of @vendure/create first');
        await app.get(Populator).populateInitialData(options.initialData());
    }
}

async function productIdsBySlug(connection: TransactionalConnection, ctx: RequestContext, slugs: string[]): Promise<Map<string, ID>> {
    const found = new Map<string, ID>();
    for (let i = 0; i < slugs.length; i += SLUG_CHUNK) {
        const rows: Array<{ slug: string; id: ID }> = await connection
            .getRepository(ctx, ProductTranslation)
            .createQueryBuilder('translation')
            .innerJoin('translation.base', 'product')
            .select('translation.slug', 'slug')
            .addSelect('product.id', 'id')
            .where('translation.slug IN (:...slugs)', { slugs: slugs.slice(i, i + SLUG_CHUNK) })
            .andWhere('product.deletedAt IS NULL')
            .getRawMany();
        for (const row of rows) found.set(row.slug, row.id);
    }
    return found;
}

/**
 * The products that first use each facet value: imported one batch at a time before the rest, so
 * that every facet value exists when batches run side by side (the importer creates a missing one,
 * and two batches must not both create it).
 */
export function facetPrimers(products: readonly GeneratedProduct[]): GeneratedProduct[] {
    const seen = new Set<string>();
    return products.filter(product => {
        const keys = [...product.row.product.facets, ...product.row.variants.flatMap(variant => variant.facets)]
            .map(facet => `${facet.translations[0].facet}:${facet.translations[0].value}`)
            .filter(key => !seen.has(key));
        keys.forEach(key => seen.add(key));
        return keys.length > 0;
    });
}

async function importProducts(app: INestApplicationContext, ctx: RequestContext, products: GeneratedProduct[], options: ImportOptions): Promise<void> {
    const importer = app.get(Importer);
    const images = options.imagesDir ? await imagePool(app, ctx, options.imagesDir) : undefined;
    const started = Date.now();
    let done = 0;
    let lastReport = 0;
    const report = (force = false) => {
        const now = Date.now();
        if (!force && now - lastReport < 2_000) return;
        lastReport = now;
        const rate = done / Math.max((now - started) / 1000, 0.001);
        const left = (products.length - done) / Math.max(rate, 0.001);
        options.log(
            `catalogue: ${done}/${products.length} products imported (${Math.floor((100 * done) / products.length)}%), ` +
                `${rate.toFixed(0)}/s${done < products.length ? `, ~${duration(left)} left` : ''}`,
        );
    };
    const importBatch = async (batch: GeneratedProduct[]) => {
        let counted = 0;
        const errors = await importer.importProducts(ctx, batch.map(p => p.row), progress => {
            done += progress.imported - counted;
            counted = progress.imported;
            report();
        });
        if (errors.length) {
            throw new Error(`Vendure's importer reported ${errors.length} errors, the first: ${errors.slice(0, 3).join('; ')}`);
        }
        done += batch.length - counted;
        if (images) {
            await attachImages(app, ctx, batch, images);
        }
    };

    const primers = facetPrimers(products);
    const rest = products.filter(product => !primers.includes(product));
    const batches = [chunks(primers, options.batchSize), chunks(rest, options.batchSize)];
    for (const batch of batches[0]) {
        await importBatch(batch);
    }
    // The importer spends its time waiting for Postgres round trips, statement by statement:
    // a few batches at once keep both busy. Each batch is still one call of Vendure's importer.
    const queue = [...batches[1]];
    await Promise.all(
        Array.from({ length: Math.min(options.concurrency, queue.length) }, async () => {
            for (let batch = queue.shift(); batch; batch = queue.shift()) {
                await importBatch(batch);
            }
        }),
    );
    report(true);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * The directory's images as assets, created once and found by name afterwards: a rerun (or the
 * sample catalogue, which ships the same images) reuses them instead of adding copies.
 */
async function imagePool(app: INestApplicationContext, ctx: RequestContext, dir: string): Promise<Asset[]> {
    const files = readdirSync(dir).filter(file => /\.(jpe?g|png|webp)$/i.test(file)).sort();
    const connection = app.get(TransactionalConnection);
    const known = await connection
        .getRepository(ctx, Asset)
        .createQueryBuilder('asset')
        .where('asset.name IN (:...names)', { names: files })
        .orderBy('asset.id', 'ASC')
        .getMany();
    const pool: Asset[] = [];
    for (const file of files) {
        const found = known.find(asset => asset.name === file);
        if (found) {
            pool.push(found);
            continue;
        }
        const created = await app.get(AssetService).createFromFileStream(createReadStream(path.join(dir, file)), path.join(dir, file), ctx);
        if (isGraphQlErrorResult(created)) {
            throw new Error(`could not import the image ${file}: ${created.message}`);
        }
        pool.push(created as Asset);
    }
    return pool;
}

/** The product's image, set as Vendure's admin API would set it, without publishing an event per product. */
async function attachImages(app: INestApplicationContext, ctx: RequestContext, batch: GeneratedProduct[], images: Asset[]): Promise<void> {
    const connection = app.get(TransactionalConnection);
    const assets = app.get(AssetService);
    const ids = await productIdsBySlug(connection, ctx, batch.map(p => p.slug));
    for (const generated of batch) {
        const product = await connection.getEntityOrThrow(ctx, Product, ids.get(generated.slug)!);
        const image = images[generated.imageSeed % images.length];
        await assets.updateFeaturedAsset(ctx, product, { featuredAssetId: image.id });
        await assets.updateEntityAssets(ctx, product, { assetIds: [image.id] });
        await connection.getRepository(ctx, Product).save(product, { reload: false });
    }
}

/** Creates the collections that are missing and whose facet value exists (a category with no product yet has none). */
async function ensureCollections(
    app: INestApplicationContext,
    ctx: RequestContext,
    log: (line: string) => void,
): Promise<{ created: number; existing: ID[] }> {
    const collectionService = app.get(CollectionService);
    const facetValues = await app.get(FacetValueService).findAll(ctx, LanguageCode.en);
    const ids = new Map<string, ID>();
    const existing: ID[] = [];
    let created = 0;
    const waiting: string[] = [];
    for (const plan of catalogueCollections()) {
        const found = await collectionService.findOneBySlug(ctx, plan.slug);
        if (found) {
            ids.set(plan.slug, found.id);
            existing.push(found.id);
            continue;
        }
        const value = facetValues.find(fv => fv.facet.code === plan.facet && fv.name === plan.value);
        const parentId = plan.parentSlug ? ids.get(plan.parentSlug) : undefined;
        if (!value || (plan.parentSlug && !parentId)) {
            waiting.push(plan.slug);
            continue;
        }
        const collection = await collectionService.create(ctx, {
            translations: [{ languageCode: LanguageCode.en, name: plan.name, slug: plan.slug, description: `${plan.name} from the generated catalogue.` }],
            parentId,
            isPrivate: false,
            inheritFilters: false,
            filters: [
                {
                    code: 'facet-value-filter',
                    arguments: [
                        { name: 'facetValueIds', value: JSON.stringify([value.id]) },
                        { name: 'containsAny', value: 'false' },
                    ],
                },
            ],
        });
        ids.set(plan.slug, collection.id);
        created++;
    }
    log(
        `catalogue: collections: ${created} created, ${existing.length} already there` +
            (waiting.length ? `, ${waiting.length} wait for a product of theirs (${waiting.slice(0, 5).join(', ')}${waiting.length > 5 ? ', …' : ''})` : ''),
    );
    return { created, existing };
}

async function countUnindexed(connection: TransactionalConnection, productIds: ID[]): Promise<number> {
    if (!productIds.length) return 0;
    const table = connection.rawConnection.getMetadata('SearchIndexItem').tablePath;
    const [row] = await connection.rawConnection.query(
        `SELECT count(*)::int AS "missing" FROM unnest($1::int[]) AS p(id) WHERE NOT EXISTS (SELECT 1 FROM ${table} si WHERE si."productId" = p.id)`,
        [productIds.map(Number)],
    );
    return row.missing;
}

/** Rows and total size (table, indexes and TOAST) of the tables a catalogue fills. */
async function tableSizes(connection: TransactionalConnection): Promise<TableSize[]> {
    const schema = (connection.rawConnection.options as { schema?: string }).schema ?? 'public';
    const rows: Array<{ table: string; bytes: string }> = await connection.rawConnection.query(
        `SELECT c.relname AS "table", pg_total_relation_size(c.oid) AS "bytes"
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname = ANY($2)`,
        [schema, REPORTED_TABLES],
    );
    const sizes: TableSize[] = [];
    for (const table of REPORTED_TABLES) {
        const found = rows.find(row => row.table === table);
        if (!found) continue;
        // Exact counts: the planner's estimates lag right after a bulk import.
        const [count] = await connection.rawConnection.query(`SELECT count(*)::int AS "rows" FROM "${schema}"."${table}"`);
        sizes.push({ table, rows: count.rows, bytes: Number(found.bytes) });
    }
    return sizes;
}

/** The summary as the CLI prints it. */
export function formatSummary(summary: ImportSummary): string {
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const lines = [
        `catalogue: ${summary.requested} products requested, ${summary.existing} were there, ${summary.imported} imported in ${summary.importSeconds.toFixed(1)} s` +
            (summary.imported ? ` (${(summary.imported / Math.max(summary.importSeconds, 0.001)).toFixed(0)} products/s)` : ''),
        `catalogue: ${summary.collectionsCreated} collections created; ${summary.reindexed ? 'reindexed' : 'no reindex needed'}, index ready after ${summary.indexSeconds.toFixed(1)} s`,
        'catalogue: table sizes (rows, total size with indexes):',
        ...summary.tables.map(t => `  ${t.table.padEnd(46)} ${String(t.rows).padStart(9)}  ${mb(t.bytes).padStart(10)}`),
    ];
    return lines.join('\n');
}
