import type { INestApplicationContext } from '@nestjs/common';
import { bootstrapWorker, Logger, runMigrations, type VendureConfig } from '@vendure/core';

import type { ClusterEnv } from '../env/read-env';
import { isDatabaseInitialised, withMigrationLock, type DatabaseSettings } from './migration-lock';

export interface MigrateHooks {
    /** The config to initialise an empty database with (e.g. with an import directory). */
    initialConfig?: (config: VendureConfig) => VendureConfig;
    /** Runs once, right after Vendure created its defaults in an empty database (seed data here). */
    afterInitialise?: (app: INestApplicationContext) => Promise<void>;
}

export type MigrateSettings = DatabaseSettings & Pick<ClusterEnv, 'MIGRATION_LOCK_TIMEOUT_MS'>;

/**
 * The migrate role: run once per deploy, before servers and workers start. It applies the app's
 * checked-in migrations and, on an empty database, lets Vendure create its defaults once, so that
 * servers never race to create the default channel, zones and roles.
 */
export async function runMigrationsOnce(config: VendureConfig, settings: MigrateSettings, hooks: MigrateHooks = {}): Promise<void> {
    await withMigrationLock(settings, settings.MIGRATION_LOCK_TIMEOUT_MS, async () => {
        const applied = await runMigrations(config);
        // runMigrations reports a failed migration through process.exitCode, not by throwing.
        if (process.exitCode) {
            throw new Error('a migration failed (see above); nothing else was done');
        }
        Logger.info(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`, 'Migrate');
        if (await isDatabaseInitialised(settings)) {
            Logger.info('database already initialised', 'Migrate');
            return;
        }
        const worker = await bootstrapWorker(hooks.initialConfig ? hooks.initialConfig(config) : config);
        try {
            await hooks.afterInitialise?.(worker.app);
        } finally {
            await worker.app.close();
        }
        Logger.info('database initialised', 'Migrate');
    });
}
