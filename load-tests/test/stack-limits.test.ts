import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { readEnv } from '@vendure-scale/cluster';
import { describe, expect, it } from 'vitest';

import { limitBudget } from '../src/limits/limit-budget';
import { composeDefaults, FALLBACK_DEFAULTS, LIMIT_VARIABLES, readStackLimits } from '../src/limits/stack-limits';
import { REPO_COMPOSE_FILE } from '../src/orchestrate/compose';
import { loadScenario } from '../src/scenario/load-scenario';
import { readCredentials } from '../src/setup/credentials';
import { readDotEnv, REPO_DOT_ENV, stackEnvFile } from '../src/setup/dot-env';

const COMPOSE = `
      NGINX_ADMIN_API_RATE: \${NGINX_ADMIN_API_RATE:-20r/s}
      NGINX_SHOP_API_RATE: \${NGINX_SHOP_API_RATE:-600r/m}
      NGINX_SHOP_API_CONNECTIONS: \${NGINX_SHOP_API_CONNECTIONS:-50}
  LOGIN_MAX_FAILURES: \${LOGIN_MAX_FAILURES:-}
`;

function tempEnvFile(text: string): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'limits-')), '.env');
    writeFileSync(file, text);
    return file;
}

describe('reading the limits of the stack', () => {
    it('takes each from the environment, else the env file, else compose.yaml, else the default, and says where from', () => {
        const limits = readStackLimits({
            env: { NGINX_ADMIN_API_RATE: '50r/s', LOGIN_MAX_FAILURES: '' },
            envFile: { NGINX_ADMIN_API_RATE: '30r/s', NGINX_ADMIN_API_BURST: '7', LOGIN_MAX_FAILURES: '0' },
            composeText: COMPOSE,
        });
        expect(limits.settings.NGINX_ADMIN_API_RATE).toEqual({ text: '50r/s', source: 'environment' });
        expect(limits.settings.NGINX_ADMIN_API_BURST).toEqual({ text: '7', source: 'env file' });
        expect(limits.settings.NGINX_SHOP_API_RATE).toEqual({ text: '600r/m', source: 'compose.yaml' });
        expect(limits.settings.NGINX_SHOP_API_BURST).toEqual({ text: '200', source: 'default' });
        // Empty counts as unset, as compose passes NAME= for a blank .env entry.
        expect(limits.settings.LOGIN_MAX_FAILURES).toEqual({ text: '0', source: 'env file' });
        expect(limits.adminApi).toEqual({ requestsPerSecond: 50, burst: 7 });
        expect(limits.shopApi).toEqual({ requestsPerSecond: 10, burst: 200, connections: 50 });
        expect(limits.login.maxFailures).toBe(0);
    });

    it('reads the env file the stack was started with (STACK_ENV_FILE), else the repo .env', () => {
        const file = tempEnvFile('# the stack\nNGINX_SHOP_API_RATE=5r/s\nSUPERADMIN_PASSWORD="pass word from file"\n');
        expect(stackEnvFile({ STACK_ENV_FILE: file })).toBe(file);
        expect(stackEnvFile({})).toBe(REPO_DOT_ENV);
        const envFile = readDotEnv(file);
        expect(readStackLimits({ env: {}, envFile }).shopApi.requestsPerSecond).toBe(5);
        expect(readDotEnv(path.join(path.dirname(file), 'missing.env'))).toEqual({});
        expect(readCredentials({ STACK_ENV_FILE: file })).toMatchObject({ adminPassword: 'pass word from file', adminPasswordSource: 'env file' });
        expect(readCredentials({ STACK_ENV_FILE: file, SUPERADMIN_PASSWORD: 'from env' })).toMatchObject({ adminPassword: 'from env', adminPasswordSource: 'environment' });
    });

    it('names every bad setting at once', () => {
        expect(() => readStackLimits({ env: { NGINX_ADMIN_API_RATE: 'fast', LOGIN_MAX_WAIT_MS: '-1' }, envFile: {} })).toThrow(
            /NGINX_ADMIN_API_RATE=fast \(environment\): expected an nginx rate[\s\S]*LOGIN_MAX_WAIT_MS=-1 \(environment\): expected 0 or more/,
        );
    });

    it("falls back to compose.yaml's nginx defaults and the servers' own login defaults", () => {
        const fromCompose = composeDefaults(readFileSync(REPO_COMPOSE_FILE, 'utf8'));
        for (const name of LIMIT_VARIABLES.filter(n => n.startsWith('NGINX_'))) {
            expect({ name, value: fromCompose[name] }).toEqual({ name, value: FALLBACK_DEFAULTS[name] });
        }
        const servers = readEnv({
            NODE_ENV: 'test',
            DB_HOST: 'db',
            DB_NAME: 'vendure',
            DB_USERNAME: 'vendure',
            DB_PASSWORD: 'x',
            REDIS_HOST: 'redis',
            COOKIE_SECRET: 'c'.repeat(32),
            SUPERADMIN_PASSWORD: 'p'.repeat(12),
        });
        for (const name of LIMIT_VARIABLES.filter(n => n.startsWith('LOGIN_'))) {
            expect({ name, value: String(servers[name]) }).toEqual({ name, value: FALLBACK_DEFAULTS[name] });
        }
    });
});

describe('the budget a load test may use under those limits', () => {
    const { scenario } = loadScenario();
    const limits = readStackLimits({ env: {}, envFile: {} });

    it('keeps the default mix at 80% of the tighter API limit and its Shop API journeys under the connection limit', () => {
        const budget = limitBudget(limits, scenario);
        // Default mix: ~2.27 Shop API requests per journey against 100 r/s; 0.16 Admin API requests against 20 r/s.
        expect(budget.bindingLimit).toBe('nginx-shop-api');
        expect(budget.maxJourneysPerSecond).toBeCloseTo(80 / 2.268, 1);
        expect(budget.maxShopVUs).toBe(80);
    });

    it('lets the Admin API bind an admin-heavy mix, and no limit bind a mix without that API', () => {
        expect(limitBudget(limits, scenario, { admin: 1 })).toMatchObject({ bindingLimit: 'nginx-admin-api', maxJourneysPerSecond: 8 });
        expect(limitBudget(limits, scenario, { search: 1 })).toMatchObject({ bindingLimit: 'nginx-shop-api', maxJourneysPerSecond: 80 });
        const raised = readStackLimits({ env: { NGINX_SHOP_API_RATE: '100000r/s', NGINX_ADMIN_API_RATE: '100000r/s' }, envFile: {} });
        expect(limitBudget(raised, scenario).maxJourneysPerSecond).toBeGreaterThan(10_000);
    });
});
