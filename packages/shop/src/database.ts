import path from 'node:path';

import type { DataSourceOptions } from 'typeorm';

import type { ShopEnv } from './shop-config';

/** Compiled migrations ship beside this file; the migrate role runs them once per deploy. */
export const MIGRATIONS_GLOB = path.join(__dirname, 'migrations', '*.js');

export function databaseOptions(env: ShopEnv): DataSourceOptions {
    return {
        type: 'postgres',
        host: env.DB_HOST,
        port: env.DB_PORT,
        database: env.DB_NAME,
        username: env.DB_USERNAME,
        password: env.DB_PASSWORD,
        schema: env.DB_SCHEMA,
        // Many instances must never race to alter the schema: only checked-in migrations change it.
        synchronize: false,
        migrationsRun: false,
        migrations: [MIGRATIONS_GLOB],
        poolSize: env.DB_POOL_SIZE,
        logging: false,
    };
}
