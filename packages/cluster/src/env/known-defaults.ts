/**
 * Secrets that are public knowledge: Vendure's own defaults, the usual placeholders, and every
 * value in `.env.example` (a unit test keeps this list and that file in step). None of them may
 * reach production.
 */
export const KNOWN_DEFAULT_SECRETS: ReadonlySet<string> = new Set([
    'superadmin',
    'some-secret',
    'secret',
    'password',
    'postgres',
    'vendure',
    'changeme',
    'change-me',
    // .env.example
    'change-me-to-a-long-random-cookie-secret-0123456789',
    'change-me-superadmin-password',
    'change-me-postgres-password',
    'change-me-redis-password',
]);

export function isKnownDefaultSecret(value: string | undefined): boolean {
    return value !== undefined && KNOWN_DEFAULT_SECRETS.has(value.trim().toLowerCase());
}
