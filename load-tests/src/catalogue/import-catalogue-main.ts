import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { runRole } from '@vendure-scale/cluster';
import { shopConfig, shopEnvShape, shopSecretSettings } from '@vendure-scale/shop';
import { bootstrapWorker, type InitialData } from '@vendure/core';

import { parseCatalogueArgs } from './catalogue-args';
import { formatSummary, importCatalogue } from './import-catalogue';
import { formatCosts, measureSearchCost, StatementRecorder } from './search-cost';

/**
 * The import itself, in a process with the shop's settings: inside the compose stack (started by
 * catalogue-cli.ts with `docker compose run`), or anywhere the shop's DB_* and REDIS_* lead to its
 * Postgres and Redis. It boots the shop's config as a Vendure worker that takes no jobs, as the
 * migrate role does to seed, so that the importer and services see exactly the shop's plugins.
 */

/**
 * @vendure/create's initial data and images: the shop's build copies them to its dist/sample-data,
 * which is all the app image has (it leaves @vendure/create out); a checkout whose shop build did
 * not copy them still has @vendure/create, a devDependency of the shop.
 */
function createAssetsDir(): string {
    const shop = path.dirname(require.resolve('@vendure-scale/shop/package.json'));
    const copied = path.join(shop, 'dist', 'sample-data');
    if (existsSync(path.join(copied, 'initial-data.json'))) return copied;
    return path.join(path.dirname(require.resolve('@vendure/create/package.json', { paths: [shop] })), 'assets');
}

void runRole(
    async env => {
        const args = parseCatalogueArgs(process.argv.slice(2));
        const assetsDir = createAssetsDir();
        const config = shopConfig(env, 'migrate');
        const recorder = args.measure ? new StatementRecorder() : undefined;
        const worker = await bootstrapWorker({
            ...config,
            // The importer commits row by row; without waiting for each commit's WAL flush it is
            // several times faster. A crash can lose the last commits (never corrupts), and a
            // rerun imports whatever is missing. This process's sessions only.
            dbConnectionOptions: {
                ...config.dbConnectionOptions,
                extra: { options: '-c synchronous_commit=off' },
                ...(recorder ? { logger: recorder, logging: ['query', 'error'] } : {}),
            },
            importExportOptions: { ...config.importExportOptions, importAssetsDir: path.join(assetsDir, 'images') },
        });
        try {
            const summary = await importCatalogue(worker.app, {
                products: args.products,
                seed: args.seed,
                batchSize: args.batchSize,
                concurrency: args.concurrency,
                imagesDir: args.assets ? path.join(assetsDir, 'images') : undefined,
                waitTimeoutMs: args.waitTimeoutMs,
                initialData: () => JSON.parse(readFileSync(path.join(assetsDir, 'initial-data.json'), 'utf8')) as InitialData,
                log: line => console.log(line),
            });
            console.log(formatSummary(summary));
            if (recorder) {
                const costs = await measureSearchCost(worker.app, recorder, line => console.log(line));
                const indexRows = summary.tables.find(t => t.table === 'search_index_item')?.rows ?? 0;
                console.log(formatCosts(costs, indexRows));
            }
        } finally {
            await worker.app.close();
        }
        // Vendure's Redis and BullMQ clients can keep the event loop alive after close.
        process.exit(0);
    },
    { extend: shopEnvShape, secretSettings: shopSecretSettings },
);
