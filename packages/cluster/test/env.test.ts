import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { EnvError, envWarnings, readEnv, type EnvSource, type ReadEnvOptions } from '../src/env/read-env';
import { SECRET_SETTINGS } from '../src/env/secret-files';
import { errorOf, REQUIRED_VARIABLES, VALID_ENV } from './env-fixture';

function problemsOf<Extra extends z.ZodRawShape>(source: EnvSource, options: ReadEnvOptions<Extra> = {}): string[] {
    const error = errorOf(() => readEnv(source, options));
    expect(error).toBeInstanceOf(EnvError);
    return [...(error as EnvError).problems];
}

describe('readEnv', () => {
    it('fills in the cluster-safe defaults', () => {
        expect(readEnv(VALID_ENV)).toMatchObject({
            NODE_ENV: 'production',
            LOG_LEVEL: 'info',
            PORT: 3000,
            WORKER_HEALTH_PORT: 3020,
            DB_PORT: 5432,
            DB_SCHEMA: 'public',
            DB_POOL_SIZE: 10,
            MIGRATION_LOCK_TIMEOUT_MS: 600_000,
            MAX_SERVER_REPLICAS: 1,
            SERVER_PROCESSES: 1,
            MAX_WORKER_REPLICAS: 1,
            WORKER_PROCESSES: 1,
            REDIS_PORT: 6379,
            REDIS_DB: 0,
            REDIS_PREFIX: 'vendure',
            JOB_QUEUE: 'bullmq',
            SUPERADMIN_USERNAME: 'superadmin',
            CHANNEL_CACHE_TTL_MS: 30_000,
            ZONE_CACHE_TTL_MS: 30_000,
            TAX_RATE_CACHE_TTL_MS: 30_000,
            GRAPHQL_MAX_DEPTH: 20,
            TRUST_PROXY_HOPS: 1,
            LOGIN_MAX_FAILURES: 5,
            INSTANCE_HEADER: false,
            HTTP_KEEP_ALIVE_TIMEOUT_MS: 65_000,
            SHUTDOWN_DRAIN_DELAY_MS: 0,
            SHUTDOWN_GRACE_MS: 10_000,
            SHUTDOWN_LINGER_MS: 0,
            VENDURE_DISABLE_TELEMETRY: true,
        });
        expect(readEnv(VALID_ENV).DB_CONNECTION_LIMIT).toBeUndefined();
        expect(readEnv(VALID_ENV).REDIS_PASSWORD).toBeUndefined();
        expect(readEnv(VALID_ENV).INSTANCE_ID).toBeUndefined();
    });

    it('parses numbers and switches', () => {
        const env = readEnv({
            ...VALID_ENV,
            PORT: '4000',
            DB_POOL_SIZE: '25',
            JOB_QUEUE: 'database',
            INSTANCE_HEADER: 'true',
            VENDURE_DISABLE_TELEMETRY: '0',
            CHANNEL_CACHE_TTL_MS: '0',
        });
        expect(env).toMatchObject({
            PORT: 4000,
            DB_POOL_SIZE: 25,
            JOB_QUEUE: 'database',
            INSTANCE_HEADER: true,
            VENDURE_DISABLE_TELEMETRY: false,
            CHANNEL_CACHE_TTL_MS: 0,
        });
    });

    it('names the instance in a response header only when asked', () => {
        expect(readEnv(VALID_ENV).INSTANCE_HEADER).toBe(false);
        expect(readEnv({ ...VALID_ENV, NODE_ENV: 'development' }).INSTANCE_HEADER).toBe(false);
        expect(readEnv({ ...VALID_ENV, INSTANCE_HEADER: 'true' }).INSTANCE_HEADER).toBe(true);
        expect(readEnv({ ...VALID_ENV, INSTANCE_HEADER: '1' }).INSTANCE_HEADER).toBe(true);
    });

    it('names every missing variable in one error', () => {
        const problems = problemsOf({});
        expect(problems.map(p => p.split(':')[0])).toEqual([...REQUIRED_VARIABLES]);
        expect(problems.every(p => p.includes('required'))).toBe(true);
    });

    it('treats an empty value as missing (compose passes VAR= for blank .env entries)', () => {
        expect(problemsOf({ ...VALID_ENV, COOKIE_SECRET: '' })).toEqual([
            'COOKIE_SECRET: required: the session cookie secret, identical on every instance',
        ]);
        expect(readEnv({ ...VALID_ENV, PORT: '' }).PORT).toBe(3000);
    });

    it.each([
        ['PORT', 'eighty', 'expected a whole number'],
        ['PORT', '70000', 'expected at most 65535'],
        ['DB_POOL_SIZE', '0', 'expected at least 1'],
        ['MIGRATION_LOCK_TIMEOUT_MS', '10', 'expected at least 1000'],
        ['JOB_QUEUE', 'memory', 'expected bullmq or database'],
        ['NODE_ENV', 'prod', 'expected development, production or test'],
        ['LOG_LEVEL', 'loud', 'expected error, warn, info, verbose or debug'],
        ['INSTANCE_HEADER', 'yes', 'expected true or false'],
        ['REDIS_PREFIX', 'has space', 'expected letters, digits, - or _'],
        ['COOKIE_SECRET', 'too-short', 'expected at least 32 characters'],
        ['SUPERADMIN_PASSWORD', 'short', 'expected at least 12 characters'],
        ['SERVER_PROCESSES', '0', 'expected at least 1'],
    ])('rejects %s=%s', (name, value, expected) => {
        const problems = problemsOf({ ...VALID_ENV, [name]: value });
        expect(problems).toEqual([`${name}: ${expected}`]);
    });

    it('lists every bad variable at once and never echoes a value', () => {
        const secret = 'short-secret-value';
        const error = errorOf(() => readEnv({ ...VALID_ENV, COOKIE_SECRET: secret, PORT: 'x', DB_HOST: undefined }));
        expect(error.message).toMatch(/^Invalid environment \(3\):\n {2}- COOKIE_SECRET: .*\n {2}- DB_HOST: .*\n {2}- PORT: .*$/);
        expect(error.message).not.toContain(secret);
    });
});

describe("readEnv with an app's own settings (extend)", () => {
    const appShape = {
        SHOP_NAME: z.string({ error: 'required: the shop name' }),
        ITEMS_PER_PAGE: z.coerce.number({ error: 'expected a number' }).int().default(20),
    };

    it('returns them beside the cluster settings', () => {
        const env = readEnv({ ...VALID_ENV, SHOP_NAME: 'Shop' }, { extend: appShape });
        expect(env).toMatchObject({ SHOP_NAME: 'Shop', ITEMS_PER_PAGE: 20, DB_HOST: 'postgres' });
    });

    it('validates them in the same pass: one message names the cluster and the app problems', () => {
        const error = errorOf(() => readEnv({ ...VALID_ENV, DB_HOST: undefined, ITEMS_PER_PAGE: 'many' }, { extend: appShape }));
        expect(error).toBeInstanceOf(EnvError);
        expect((error as EnvError).problems).toEqual([
            'DB_HOST: required: the Postgres host',
            'ITEMS_PER_PAGE: expected a number',
            'SHOP_NAME: required: the shop name',
        ]);
        expect(error.message).toMatch(/^Invalid environment \(3\):/);
    });
});

describe('secrets from files (NAME_FILE)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-env-test-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function secretFile(name: string, content: string): string {
        const file = path.join(dir, name);
        writeFileSync(file, content);
        return file;
    }

    /** A valid value for each secret: at least as long as its setting requires. */
    const VALUES: Record<(typeof SECRET_SETTINGS)[number], string> = {
        COOKIE_SECRET: 'f'.repeat(40),
        SUPERADMIN_PASSWORD: 'superadmin-password-from-a-file',
        DB_PASSWORD: 'db-password-from-a-file',
        REDIS_PASSWORD: 'redis-password-from-a-file',
    };

    it.each(SECRET_SETTINGS)('reads %s from %s_FILE, without the trailing newline echo writes', name => {
        const source: EnvSource = { ...VALID_ENV, [name]: undefined, [`${name}_FILE`]: secretFile(name, `${VALUES[name]}\n`) };
        expect(readEnv(source)[name]).toBe(VALUES[name]);
    });

    it('drops one trailing newline only (CRLF too), keeping the rest of the value', () => {
        const read = (content: string) =>
            readEnv({ ...VALID_ENV, REDIS_PASSWORD_FILE: secretFile('redis', content) }).REDIS_PASSWORD;
        expect(read(`${VALUES.REDIS_PASSWORD}\r\n`)).toBe(VALUES.REDIS_PASSWORD);
        expect(read(`${VALUES.REDIS_PASSWORD}\n\n`)).toBe(`${VALUES.REDIS_PASSWORD}\n`);
        expect(read(`first line\nsecond line\n`)).toBe('first line\nsecond line');
    });

    it('validates a value from a file like any other', () => {
        const file = secretFile('short-cookie', 'short\n');
        expect(problemsOf({ ...VALID_ENV, COOKIE_SECRET: undefined, COOKIE_SECRET_FILE: file })).toEqual([
            'COOKIE_SECRET: expected at least 32 characters',
        ]);
    });

    it('refuses NAME and NAME_FILE together, naming them and echoing neither value', () => {
        const file = secretFile('both', `${VALUES.DB_PASSWORD}\n`);
        const error = errorOf(() => readEnv({ ...VALID_ENV, DB_PASSWORD_FILE: file }));
        expect((error as EnvError).problems).toEqual(['DB_PASSWORD: set both DB_PASSWORD and DB_PASSWORD_FILE; keep one']);
        expect(error.message).not.toContain(VALID_ENV.DB_PASSWORD);
        expect(error.message).not.toContain(VALUES.DB_PASSWORD);
    });

    it('names NAME_FILE and its path when the file cannot be read, in the same message as the other problems', () => {
        const missing = path.join(dir, 'no-such-secret');
        const error = errorOf(() => readEnv({ ...VALID_ENV, COOKIE_SECRET: undefined, COOKIE_SECRET_FILE: missing, DB_HOST: undefined }));
        expect((error as EnvError).problems).toEqual([
            `COOKIE_SECRET_FILE: cannot read ${missing} (ENOENT)`,
            'DB_HOST: required: the Postgres host',
        ]);
        for (const value of Object.values(VALID_ENV).filter(value => value.length > 12)) {
            expect(error.message).not.toContain(value);
        }
    });

    it("reads an app's own secrets from files when it names them", () => {
        const file = secretFile('payment', 'payment-key-from-a-file\n');
        const env = readEnv(
            { ...VALID_ENV, PAYMENT_KEY_FILE: file },
            { extend: { PAYMENT_KEY: z.string() }, secretSettings: ['PAYMENT_KEY'] },
        );
        expect(env.PAYMENT_KEY).toBe('payment-key-from-a-file');
    });

    it('reads through the readFile it is given', () => {
        const read: string[] = [];
        const readFile = (file: string) => {
            read.push(file);
            return `${VALUES.REDIS_PASSWORD}\n`;
        };
        expect(readEnv({ ...VALID_ENV, REDIS_PASSWORD_FILE: '/run/secrets/redis' }, { readFile }).REDIS_PASSWORD).toBe(VALUES.REDIS_PASSWORD);
        expect(read).toEqual(['/run/secrets/redis']);
    });
});

describe('renamed variables', () => {
    const RENAMED = [
        ['SERVER_REPLICAS', 'MAX_SERVER_REPLICAS'],
        ['WORKER_REPLICAS', 'MAX_WORKER_REPLICAS'],
        ['DB_MAX_CONNECTIONS', 'DB_CONNECTION_LIMIT'],
    ] as const;

    it.each(RENAMED)('%s still sets %s, with a warning that names both', (old, now) => {
        const source = { ...VALID_ENV, [old]: '7' };
        expect(readEnv(source)[now]).toBe(7);
        expect(envWarnings(source)).toEqual([`${old} is deprecated and will be removed in the next release: use ${now}`]);
    });

    it.each(RENAMED)('%s loses to %s when both are set', (old, now) => {
        expect(readEnv({ ...VALID_ENV, [old]: '7', [now]: '9' })[now]).toBe(9);
    });

    it.each(RENAMED)('%s with a bad value is named as set, with its new name', (old, now) => {
        expect(problemsOf({ ...VALID_ENV, [old]: '0' })).toEqual([`${old} (now ${now}): expected at least 1`]);
        expect(problemsOf({ ...VALID_ENV, [old]: '7', [now]: '0' })).toEqual([`${now}: expected at least 1`]);
    });

    it('warns about each old name used, and about none otherwise', () => {
        const source = { ...VALID_ENV, SERVER_REPLICAS: '6', WORKER_REPLICAS: '3', DB_MAX_CONNECTIONS: '80' };
        expect(envWarnings(source).map(warning => warning.split(' ')[0])).toEqual(['SERVER_REPLICAS', 'WORKER_REPLICAS', 'DB_MAX_CONNECTIONS']);
        expect(envWarnings(VALID_ENV)).toEqual([]);
        expect(envWarnings({ ...VALID_ENV, SERVER_REPLICAS: '' })).toEqual([]);
    });
});
