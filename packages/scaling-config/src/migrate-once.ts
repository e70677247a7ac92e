import { Client } from 'pg';

import type { ScalingEnv } from './env';

// Any constant works; it only has to be the same for every copy of the migrate role.
const MIGRATION_LOCK_KEY = 718_204_611;

function connect(env: ScalingEnv): Promise<Client> {
    const client = new Client({
        host: env.DB_HOST,
        port: env.DB_PORT,
        database: env.DB_NAME,
        user: env.DB_USERNAME,
        password: env.DB_PASSWORD,
    });
    return client.connect().then(() => client);
}

/**
 * Runs `fn` while holding a Postgres advisory lock, so that two deploys (or two replicas of the
 * migrate job) run migrations and the first-time set-up one after the other, never together.
 */
export async function withMigrationLock<T>(env: ScalingEnv, fn: () => Promise<T>): Promise<T> {
    const client = await connect(env);
    try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        return await fn();
    } finally {
        // Ending the session releases the lock as well; unlocking first just makes it prompt.
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        await client.end();
    }
}

/** Vendure creates its default channel on first start: no channel means a fresh database. */
export async function isDatabaseInitialised(env: ScalingEnv): Promise<boolean> {
    const client = await connect(env);
    try {
        const result = await client.query(
            `SELECT count(*)::int AS n FROM "${env.DB_SCHEMA}"."channel"`,
        );
        return result.rows[0].n > 0;
    } finally {
        await client.end();
    }
}
