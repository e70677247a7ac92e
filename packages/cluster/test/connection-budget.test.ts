import { describe, expect, it } from 'vitest';

import { clusterShape, connectionBudget, connectionBudgetWarning, type ClusterShape } from '../src/connection-budget';
import { readEnv } from '../src/env';
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
    });
});

describe('clusterShape', () => {
    it('defaults to one process of each role', () => {
        const env = readEnv(VALID_ENV);
        expect(clusterShape(env)).toEqual(shape({ serverReplicas: 1, workerReplicas: 1 }));
        expect(env.DB_MAX_CONNECTIONS).toBeUndefined();
    });

    it('reads the planned scale and an explicit limit from the environment', () => {
        const env = readEnv({
            ...VALID_ENV,
            DB_POOL_SIZE: '5',
            SERVER_REPLICAS: '6',
            SERVER_PROCESSES: '2',
            WORKER_REPLICAS: '3',
            WORKER_PROCESSES: '2',
            DB_MAX_CONNECTIONS: '80',
        });
        expect(clusterShape(env)).toEqual(
            shape({ poolSize: 5, serverReplicas: 6, serverProcesses: 2, workerReplicas: 3, workerProcesses: 2 }),
        );
        expect(env.DB_MAX_CONNECTIONS).toBe(80);
    });

    it('rejects a process count of zero', () => {
        expect(() => readEnv({ ...VALID_ENV, SERVER_PROCESSES: '0' })).toThrow(/SERVER_PROCESSES: expected at least 1/);
    });
});
