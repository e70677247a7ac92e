import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { Logger, ProductService, RequestContextService } from '@vendure/core';
import { populate } from '@vendure/core/cli';
import type { MigrateHooks } from '@vendure-scale/cluster';

/**
 * The catalogue `@vendure/create` ships (initial data, products.csv and its images), which this
 * package's build copies to dist/sample-data: @vendure/create and its CLI's dependencies stay out of
 * the image. The same path from src/ (tests) and dist/.
 */
const ASSETS_DIR = path.join(__dirname, '..', 'dist', 'sample-data');

async function seedSampleCatalogue(app: INestApplicationContext): Promise<void> {
    await populate(async () => app, path.join(ASSETS_DIR, 'initial-data.json'), path.join(ASSETS_DIR, 'products.csv'));
    // populate() logs its errors and carries on; an empty catalogue must not pass for a seeded one.
    const ctx = await app.get(RequestContextService).create({ apiType: 'admin' });
    const { totalItems } = await app.get(ProductService).findAll(ctx, { take: 1 });
    if (totalItems === 0) {
        throw new Error('seeding the sample catalogue imported no products');
    }
    Logger.info(`sample catalogue seeded: ${totalItems} products`, 'Migrate');
}

/** For the migrate role: import the sample catalogue right after Vendure initialised an empty database. */
export const sampleCatalogue: MigrateHooks = {
    initialConfig: config => ({
        ...config,
        importExportOptions: { ...config.importExportOptions, importAssetsDir: path.join(ASSETS_DIR, 'images') },
    }),
    afterInitialise: seedSampleCatalogue,
};
