import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isDatabaseInitialised, withMigrationLock, type DatabaseSettings } from '../src/roles/migration-lock';
import { rejectionOf } from './env-fixture';

// A real Postgres: the lock is Postgres' advisory lock, which no fake would prove anything about.
// Needs Docker (run with TESTCONTAINERS_RYUK_DISABLED=true where ryuk cannot be pulled).
let postgres: StartedPostgreSqlContainer;
let db: DatabaseSettings;

beforeAll(async () => {
    postgres = await new PostgreSqlContainer('postgres:17')
        .withDatabase('vendure')
        .withUsername('vendure')
        .withPassword('migration-lock-test-password')
        .start();
    db = {
        DB_HOST: postgres.getHost(),
        DB_PORT: postgres.getPort(),
        DB_NAME: 'vendure',
        DB_USERNAME: 'vendure',
        DB_PASSWORD: 'migration-lock-test-password',
        DB_SCHEMA: 'public',
    };
}, 120_000);

afterAll(async () => {
    await postgres?.stop();
});

/** Runs `sql` on a connection of its own, as an operator's psql would. */
async function query<Row>(sql: string): Promise<Row[]> {
    const client = new Client({ host: db.DB_HOST, port: db.DB_PORT, database: db.DB_NAME, user: db.DB_USERNAME, password: db.DB_PASSWORD });
    await client.connect();
    try {
        return (await client.query(sql)).rows as Row[];
    } finally {
        await client.end();
    }
}

const heldAdvisoryLocks = async () =>
    (await query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted"))[0].n;

/** Sessions other than the holder that have asked for the lock (pg_stat_activity keeps a session's last query). */
const sessionsThatAskedForTheLock = async () =>
    (await query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_try_advisory_lock%'"))[0].n;

/** Polls `condition` until it holds; fails after `attempts` tries, 100 ms apart. */
async function until(condition: () => Promise<boolean>, what: string, attempts = 100): Promise<void> {
    for (let attempt = 0; attempt < attempts; attempt++) {
        if (await condition()) return;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`gave up waiting until ${what}`);
}

/** A promise with its resolve function, to hold a lock holder inside its fn until the test lets go. */
function gate(): { opened: Promise<void>; open: () => void } {
    let open!: () => void;
    const opened = new Promise<void>(resolve => (open = resolve));
    return { opened, open };
}

describe('withMigrationLock', () => {
    it('runs two concurrent callers one after the other', async () => {
        const events: string[] = [];
        const release = gate();
        const first = withMigrationLock(db, 60_000, async () => {
            events.push('first started');
            await release.opened;
            events.push('first finished');
            return 'first';
        });
        await until(async () => events.includes('first started'), 'the first caller holds the lock');
        const second = withMigrationLock(db, 60_000, async () => {
            events.push('second started');
            return 'second';
        });
        // The second caller has asked for the lock (and been refused) while the first holds it.
        await until(async () => (await sessionsThatAskedForTheLock()) === 2, 'the second caller asked for the lock');
        expect(events).toEqual(['first started']);
        release.open();
        await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
        expect(events).toEqual(['first started', 'first finished', 'second started']);
        expect(await heldAdvisoryLocks()).toBe(0);
    });

    it('gives a second caller up after its timeout with a message that says what to look for', async () => {
        const release = gate();
        let held = false;
        const first = withMigrationLock(db, 60_000, async () => {
            held = true;
            await release.opened;
        });
        await until(async () => held, 'the first caller holds the lock');
        let secondRan = false;
        const error = await rejectionOf(
            withMigrationLock(db, 1_000, async () => {
                secondRan = true;
            }),
        );
        expect(secondRan).toBe(false);
        expect(error.message).toMatch(/^another migrate run has held the migration lock for over 1000 ms; if none is running, find its session with: SELECT /);
        expect(error.message).toContain('MIGRATION_LOCK_TIMEOUT_MS sets the wait');
        release.open();
        await first;
        expect(await heldAdvisoryLocks()).toBe(0);
    });

    it('releases the lock when fn throws, passing the error on', async () => {
        const failure = new Error('a migration failed');
        await expect(
            withMigrationLock(db, 60_000, async () => {
                throw failure;
            }),
        ).rejects.toBe(failure);
        expect(await heldAdvisoryLocks()).toBe(0);
        // The shortest wait there is: only a free lock lets this through.
        await expect(withMigrationLock(db, 0, async () => 'next deploy')).resolves.toBe('next deploy');
    });

    it("fails with the database's own reason when it cannot connect", async () => {
        const error = await rejectionOf(withMigrationLock({ ...db, DB_PASSWORD: 'wrong-password' }, 1_000, async () => 'never'));
        expect(error.message).toMatch(/password authentication failed for user "vendure"/);
    });
});

describe('isDatabaseInitialised', () => {
    it('is false until Vendure created its default channel, true after', async () => {
        await query('CREATE TABLE "public"."channel" (id serial PRIMARY KEY)');
        try {
            expect(await isDatabaseInitialised(db)).toBe(false);
            await query('INSERT INTO "public"."channel" DEFAULT VALUES');
            expect(await isDatabaseInitialised(db)).toBe(true);
        } finally {
            await query('DROP TABLE "public"."channel"');
        }
    });
});
