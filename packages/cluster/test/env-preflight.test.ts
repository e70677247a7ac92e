import { describe, expect, it } from 'vitest';

import { assertStartableEnv } from '../src/env-preflight';
import { VALID_ENV } from './env-fixture';

describe('assertStartableEnv', () => {
    it('passes a valid environment', () => {
        expect(assertStartableEnv({ ...VALID_ENV, NODE_ENV: 'production' }).NODE_ENV).toBe('production');
    });

    it('names a bad variable without echoing its value', () => {
        expect(() => assertStartableEnv({ ...VALID_ENV, COOKIE_SECRET: 'short-secret-value' })).toThrow(
            /COOKIE_SECRET: expected at least 32 characters/,
        );
        expect(() => assertStartableEnv({ ...VALID_ENV, COOKIE_SECRET: 'short-secret-value' })).not.toThrow(/short-secret-value/);
    });

    it('refuses the published example secrets under NODE_ENV=production only, naming each, echoing none', () => {
        const example = {
            ...VALID_ENV,
            COOKIE_SECRET: 'change-me-to-a-long-random-cookie-secret-0123456789',
            SUPERADMIN_PASSWORD: 'change-me-superadmin-password',
            DB_PASSWORD: 'change-me-postgres-password',
            REDIS_PASSWORD: 'change-me-redis-password',
        };
        expect(() => assertStartableEnv(example)).not.toThrow();
        let message = '';
        try {
            assertStartableEnv({ ...example, NODE_ENV: 'production' });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).toMatch(/^Refusing to start/);
        for (const what of ['cookie secret', 'superadmin password', 'database password', 'Redis password']) {
            expect(message).toContain(`the ${what} is a publicly known default (NODE_ENV=production)`);
        }
        expect(message).not.toContain('change-me');
    });
});
