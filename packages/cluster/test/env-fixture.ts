/** A complete, valid environment: tests change one thing at a time from here. */
export const VALID_ENV: Readonly<Record<string, string>> = {
    DB_HOST: 'postgres',
    DB_NAME: 'vendure',
    DB_USERNAME: 'vendure',
    DB_PASSWORD: 'a-real-database-password',
    REDIS_HOST: 'redis',
    COOKIE_SECRET: 'x'.repeat(40),
    SUPERADMIN_PASSWORD: 'a-real-superadmin-password',
};

/** The variables a role cannot start without, in the order EnvError lists them. */
export const REQUIRED_VARIABLES = [
    'COOKIE_SECRET',
    'DB_HOST',
    'DB_NAME',
    'DB_PASSWORD',
    'DB_USERNAME',
    'REDIS_HOST',
    'SUPERADMIN_PASSWORD',
] as const;

/** The secrets .env.example ships: public, so refused under NODE_ENV=production. */
export const EXAMPLE_SECRETS: Readonly<Record<string, string>> = {
    COOKIE_SECRET: 'change-me-to-a-long-random-cookie-secret-0123456789',
    SUPERADMIN_PASSWORD: 'change-me-superadmin-password',
    DB_PASSWORD: 'change-me-postgres-password',
    REDIS_PASSWORD: 'change-me-redis-password',
};

/** The error `run` throws; fails the test when it throws none. */
export function errorOf(run: () => unknown): Error {
    try {
        run();
    } catch (error) {
        return error as Error;
    }
    throw new Error('expected an error, but none was thrown');
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error('expected a rejection, but the promise resolved');
}
