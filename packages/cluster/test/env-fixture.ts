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
