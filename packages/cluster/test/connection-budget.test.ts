import type { INestApplicationContext } from '@nestjs/common';
import { Logger, TransactionalConnection } from '@vendure/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { readEnv } from '../src/env/read-env';
import { checkConnectionBudget } from '../src/roles/connection-budget-check';
import { clusterShape, connectionBudget, connectionBudgetWarning, type ClusterShape } from '../src/roles/connection-budget';
import { VALID_ENV } from './env-fixture';

const shape = (overrides: Partial<ClusterShape> = {}): ClusterShape => ({
    poolSize: 10,
    serverReplicas: 8,
    serverProcesses: 1,
    workerReplicas: 4,
    workerProcesses: 1,
    migrateProcesses: 1,
    ...overrides,
});

describe('connectionBudget', () => {
    it('counts a full pool for every server, worker and the migrate job', () => {
        expect(connectionBudget(shape(), 200)).toEqual({ needed: 130, available: 197, fits: true });
    });

    it('multiplies replicas by the pm2 processes in each', () => {
        const budget = connectionBudget(shape({ serverReplicas: 4, serverProcesses: 4, workerReplicas: 2, workerProcesses: 2 }), 200);
        expect(budget.needed).toBe(10 * (16 + 4 + 1));
        expect(budget.fits).toBe(false);
    });

    it('keeps the superuser reserve out of reach', () => {
        expect(connectionBudget(shape({ poolSize: 1, serverReplicas: 96, workerReplicas: 0 }), 100).fits).toBe(true);
        expect(connectionBudget(shape({ poolSize: 1, serverReplicas: 97, workerReplicas: 0 }), 100).fits).toBe(false);
        expect(connectionBudget(shape(), 100, 10).available).toBe(90);
    });

    it('never reports a negative budget', () => {
        expect(connectionBudget(shape(), 2).available).toBe(0);
    });
});

describe('connectionBudgetWarning', () => {
    it('is silent when the cluster fits', () => {
        expect(connectionBudgetWarning(shape(), 200)).toBeUndefined();
    });

    it('names the numbers and the ways out when it does not', () => {
        const warning = connectionBudgetWarning(shape(), 100);
        expect(warning).toContain('130 Postgres connections');
        expect(warning).toContain('max_connections=100');
        expect(warning).toContain('DB_POOL_SIZE=10 x (8 server replicas x 1 processes + 4 worker replicas x 1 processes + 1 migrate)');
        expect(warning).toMatch(/raise max_connections, lower DB_POOL_SIZE/);
        expect(warning).toContain('MAX_*_REPLICAS and *_PROCESSES');
    });
});

describe('clusterShape', () => {
    it('defaults to one process of each role', () => {
        const env = readEnv(VALID_ENV);
        expect(clusterShape(env)).toEqual(shape({ serverReplicas: 1, workerReplicas: 1 }));
        expect(env.DB_CONNECTION_LIMIT).toBeUndefined();
    });

    it('reads the planned scale and an explicit limit from the environment', () => {
        const env = readEnv({
            ...VALID_ENV,
            DB_POOL_SIZE: '5',
            MAX_SERVER_REPLICAS: '6',
            SERVER_PROCESSES: '2',
            MAX_WORKER_REPLICAS: '3',
            WORKER_PROCESSES: '2',
            DB_CONNECTION_LIMIT: '80',
        });
        expect(clusterShape(env)).toEqual(
            shape({ poolSize: 5, serverReplicas: 6, serverProcesses: 2, workerReplicas: 3, workerProcesses: 2 }),
        );
        expect(env.DB_CONNECTION_LIMIT).toBe(80);
    });

    it('still reads the scale and the limit under their old names', () => {
        const env = readEnv({ ...VALID_ENV, SERVER_REPLICAS: '6', WORKER_REPLICAS: '3', DB_MAX_CONNECTIONS: '80' });
        expect(clusterShape(env)).toEqual(shape({ serverReplicas: 6, workerReplicas: 3 }));
        expect(env.DB_CONNECTION_LIMIT).toBe(80);
    });

    it('rejects a process count of zero', () => {
        expect(() => readEnv({ ...VALID_ENV, SERVER_PROCESSES: '0' })).toThrow(/SERVER_PROCESSES: expected at least 1/);
        expect(() => readEnv({ ...VALID_ENV, MAX_WORKER_REPLICAS: '0' })).toThrow(/MAX_WORKER_REPLICAS: expected at least 1/);
    });
});

describe('checkConnectionBudget', () => {
    afterEach(() => vi.restoreAllMocks());

    /** An app whose database answers the limits query with `answer`. */
    function appAnswering(answer: () => Promise<unknown>): INestApplicationContext {
        const connection = { rawConnection: { query: answer } };
        return { get: (token: unknown) => (token === TransactionalConnection ? connection : undefined) } as never;
    }

    const warnings = () => vi.mocked(Logger.warn).mock.calls.map(([message, context]) => `${context}: ${message}`);

    it("warns, without stopping, when the planned cluster exceeds the server's max_connections", async () => {
        vi.spyOn(Logger, 'warn').mockImplementation(() => undefined);
        const env = readEnv({ ...VALID_ENV, MAX_SERVER_REPLICAS: '8', MAX_WORKER_REPLICAS: '4' });
        await checkConnectionBudget(appAnswering(async () => [{ max: 100, reserved: 3 }]), env);
        expect(warnings()).toEqual([expect.stringMatching(/^ConnectionBudget: this cluster can open 130 Postgres connections but max_connections=100 leaves 97/)]);
    });

    it('is silent when it fits, and checks DB_CONNECTION_LIMIT instead of the server setting when given', async () => {
        vi.spyOn(Logger, 'warn').mockImplementation(() => undefined);
        const app = appAnswering(async () => [{ max: 1_000, reserved: 3 }]);
        await checkConnectionBudget(app, readEnv({ ...VALID_ENV, MAX_SERVER_REPLICAS: '8', MAX_WORKER_REPLICAS: '4' }));
        expect(warnings()).toEqual([]);
        await checkConnectionBudget(app, readEnv({ ...VALID_ENV, MAX_SERVER_REPLICAS: '8', MAX_WORKER_REPLICAS: '4', DB_CONNECTION_LIMIT: '50' }));
        expect(warnings()).toEqual([expect.stringContaining('max_connections=50 leaves 47')]);
    });

    it('only warns when the check itself cannot run', async () => {
        vi.spyOn(Logger, 'warn').mockImplementation(() => undefined);
        const app = appAnswering(async () => {
            throw new Error('permission denied');
        });
        await expect(checkConnectionBudget(app, readEnv(VALID_ENV))).resolves.toBeUndefined();
        expect(warnings()).toEqual(['ConnectionBudget: could not check the Postgres connection budget: permission denied']);
    });
});
