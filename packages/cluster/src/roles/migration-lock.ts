import { Client } from 'pg';

import type { ClusterEnv } from '../env/read-env';

// Any constant works; it only has to be the same for every copy of the migrate role.
const MIGRATION_LOCK_KEY = 718_204_611;
const POLL_MS = 1_000;

export type DatabaseSettings = Pick<ClusterEnv, 'DB_HOST' | 'DB_PORT' | 'DB_NAME' | 'DB_USERNAME' | 'DB_PASSWORD' | 'DB_SCHEMA'>;

async function connect(db: DatabaseSettings): Promise<Client> {
    const client = new Client({
        host: db.DB_HOST,
        port: db.DB_PORT,
        database: db.DB_NAME,
        user: db.DB_USERNAME,
        password: db.DB_PASSWORD,
        connectionTimeoutMillis: 10_000,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
    });
    // A dropped connection is reported through the query that needed it; unhandled, this event
    // would crash the process instead.
    client.on('error', () => undefined);
    await client.connect();
    return client;
}

/**
 * Runs `fn` while holding a Postgres advisory lock, so that two deploys (or two replicas of the
 * migrate job) run migrations and the first-time set-up one after the other, never together.
 * The wait is bounded, and the holder's session has server-side TCP keepalives, so a holder on a
 * node that died is dropped by Postgres (lock released) within about 30 s instead of stalling
 * every later deploy until a TCP timeout hours later.
 */
export async function withMigrationLock<T>(db: DatabaseSettings, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
    const client = await connect(db);
    try {
        await client.query("SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3");
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
            if (rows[0].locked) break;
            if (Date.now() >= deadline) {
                throw new Error(
                    `another migrate run has held the migration lock for over ${timeoutMs} ms; if none is running, ` +
                        `find its session with: SELECT pid, client_addr, backend_start FROM pg_locks JOIN pg_stat_activity USING (pid) ` +
                        `WHERE locktype = 'advisory' AND objid = ${MIGRATION_LOCK_KEY} (MIGRATION_LOCK_TIMEOUT_MS sets the wait)`,
                );
            }
            await new Promise(resolve => setTimeout(resolve, POLL_MS));
        }
        return await fn();
    } finally {
        // Ending the session releases the lock as well; unlocking first just makes it prompt.
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        await client.end().catch(() => undefined);
    }
}

/** Vendure creates its default channel on first start: no channel means a fresh database. */
export async function isDatabaseInitialised(db: DatabaseSettings): Promise<boolean> {
    const client = await connect(db);
    try {
        const result = await client.query(`SELECT count(*)::int AS n FROM "${db.DB_SCHEMA}"."channel"`);
        return result.rows[0].n > 0;
    } finally {
        await client.end().catch(() => undefined);
    }
}
