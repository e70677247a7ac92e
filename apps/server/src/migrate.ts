import { bootstrapWorker, Logger, runMigrations, type VendureConfig } from '@vendure/core';
import {
    buildVendureConfig,
    isDatabaseInitialised,
    runRole,
    withMigrationLock,
    type ScalingEnv,
} from '@vendure-scale/scaling-config';

import { seedSampleCatalogue, withSampleImportDir } from './sample-catalogue';

/**
 * The migrate role: run once per deploy, before servers and workers start. It applies the
 * checked-in migrations and, on an empty database, lets Vendure create its defaults once, so that
 * servers never race to create the default channel, zones and roles.
 */
export async function migrate(config: VendureConfig, env: ScalingEnv): Promise<void> {
    await withMigrationLock(env, async () => {
        const applied = await runMigrations(config);
        // runMigrations reports a failed migration through process.exitCode, not by throwing.
        if (process.exitCode) {
            throw new Error('a migration failed (see above); nothing else was done');
        }
        Logger.info(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`, 'Migrate');
        if (await isDatabaseInitialised(env)) {
            Logger.info('database already initialised', 'Migrate');
            return;
        }
        const worker = await bootstrapWorker(env.SEED_SAMPLE_DATA ? withSampleImportDir(config) : config);
        try {
            if (env.SEED_SAMPLE_DATA) {
                await seedSampleCatalogue(worker.app);
            }
        } finally {
            await worker.app.close();
        }
        Logger.info('database initialised', 'Migrate');
    });
}

if (require.main === module) {
    void runRole(async env => {
        await migrate(buildVendureConfig(env, 'migrate'), env);
        // Vendure's Redis and BullMQ clients can keep the event loop alive after close.
        process.exit(0);
    });
}
