import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { assertStartableEnv } from '../src/env/preflight';
import { EnvError } from '../src/env/read-env';
import { errorOf, EXAMPLE_SECRETS, VALID_ENV } from './env-fixture';

describe('assertStartableEnv', () => {
    it('passes a valid environment, in production by default', () => {
        expect(assertStartableEnv(VALID_ENV).NODE_ENV).toBe('production');
    });

    it('names a bad variable without echoing its value', () => {
        const error = errorOf(() => assertStartableEnv({ ...VALID_ENV, COOKIE_SECRET: 'short-secret-value' }));
        expect(error).toBeInstanceOf(EnvError);
        expect(error.message).toMatch(/COOKIE_SECRET: expected at least 32 characters/);
        expect(error.message).not.toContain('short-secret-value');
    });

    it("checks an app's own settings in the same pass", () => {
        const extend = { SHOP_NAME: z.string({ error: 'required: the shop name' }) };
        const error = errorOf(() => assertStartableEnv({ ...VALID_ENV, DB_HOST: undefined }, { extend }));
        expect((error as EnvError).problems).toEqual(['DB_HOST: required: the Postgres host', 'SHOP_NAME: required: the shop name']);
    });

    it('refuses the published example secrets under NODE_ENV=production only, naming each, echoing none', () => {
        const example = { ...VALID_ENV, ...EXAMPLE_SECRETS };
        expect(() => assertStartableEnv({ ...example, NODE_ENV: 'development' })).not.toThrow();
        const message = errorOf(() => assertStartableEnv(example)).message;
        expect(message).toMatch(/^Refusing to start: this configuration is not safe for more than one instance:\n/);
        for (const what of ['cookie secret', 'superadmin password', 'database password', 'Redis password']) {
            expect(message).toContain(`\n  - the ${what} is a publicly known default (NODE_ENV=production)`);
        }
        expect(message).not.toContain('change-me');
    });
});
