import type { ComposeProject } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

const ROLES = ['migrate', 'server', 'worker'] as const;

/**
 * The secrets `.env.example` shipped until it stopped shipping any: public, and still in .env
 * files copied from it, so still refused.
 */
const PUBLISHED_EXAMPLE_SECRETS: Record<string, string> = {
    COOKIE_SECRET: 'change-me-to-a-long-random-cookie-secret-0123456789',
    SUPERADMIN_PASSWORD: 'change-me-superadmin-password',
    DB_PASSWORD: 'change-me-postgres-password',
    REDIS_PASSWORD: 'change-me-redis-password',
};

/** Overrides that give a secret as a variable: its NAME_FILE from compose.yaml emptied (empty = unset). */
const asVariables = (secrets: Record<string, string>) =>
    Object.fromEntries(Object.entries(secrets).flatMap(([name, value]) => [[name, value], [`${name}_FILE`, '']]));

/**
 * One container of `role`, on the stack's own project but without its dependencies, with some
 * settings overridden; `--rm`, so nothing stays behind. Its output is both streams together.
 */
async function runRole(stack: ComposeProject, role: string, overrides: Record<string, string>) {
    const env = Object.entries(overrides).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    const result = await stack.tryCompose(['run', '--rm', '--no-deps', '-T', ...env, role], 120_000);
    return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

export function startUpRefusalTests(stackOf: () => { stack: ComposeProject }) {
    describe('a container with a bad setting', () => {
        it.each(ROLES)(
            'R1. %s: a missing, a malformed and a too-short setting stop it with one message naming each, no value echoed',
            async role => {
                const { stack } = stackOf();
                const badCookie = 'short-cookie-secret-value';
                const { code, output } = await runRole(stack, role, {
                    DB_HOST: '',
                    REDIS_PORT: 'not-a-port',
                    ...asVariables({ COOKIE_SECRET: badCookie }),
                });
                expect(code).not.toBe(0);
                expect(output).toContain('Invalid environment (3):');
                expect(output).toContain('DB_HOST: required: the Postgres host');
                expect(output).toContain('REDIS_PORT: expected a whole number');
                expect(output).toContain('COOKIE_SECRET: expected at least 32 characters');
                expect(output).not.toContain(badCookie);
                expect(output).not.toContain('not-a-port');
                // One message, not a pm2 restart loop printing it again and again.
                expect(output.match(/Invalid environment/g)).toHaveLength(1);
            },
        );

        it.each(ROLES)('R2. %s: NODE_ENV=production refuses the secrets .env.example once published, echoing none', async role => {
            const { stack } = stackOf();
            const secrets = PUBLISHED_EXAMPLE_SECRETS;
            const { code, output } = await runRole(stack, role, { NODE_ENV: 'production', ...asVariables(secrets) });
            expect(code).not.toBe(0);
            expect(output).toContain('Refusing to start');
            expect(output).toContain('the cookie secret is a publicly known default (NODE_ENV=production)');
            expect(output).toContain('the superadmin password is a publicly known default (NODE_ENV=production)');
            for (const value of Object.values(secrets)) {
                expect(output).not.toContain(value);
            }
        });
    });
}
