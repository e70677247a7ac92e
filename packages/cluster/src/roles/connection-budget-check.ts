import type { INestApplicationContext } from '@nestjs/common';
import { Logger, TransactionalConnection } from '@vendure/core';

import type { ClusterEnv } from '../env/read-env';
import { clusterShape, connectionBudgetWarning } from './connection-budget';

const CONTEXT = 'ConnectionBudget';

/**
 * Warns, without refusing to start, when the planned cluster can open more Postgres connections
 * than the server allows: the limit is read from the live database unless DB_CONNECTION_LIMIT says
 * otherwise (a pooler in between has its own).
 */
export async function checkConnectionBudget(app: INestApplicationContext, env: Pick<ClusterEnv, 'DB_CONNECTION_LIMIT' | 'DB_POOL_SIZE' | 'MAX_SERVER_REPLICAS' | 'SERVER_PROCESSES' | 'MAX_WORKER_REPLICAS' | 'WORKER_PROCESSES'>): Promise<void> {
    try {
        const [limits] = (await app
            .get(TransactionalConnection)
            .rawConnection.query(
                "SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved",
            )) as Array<{ max: number; reserved: number }>;
        const max = env.DB_CONNECTION_LIMIT ?? limits.max;
        const warning = connectionBudgetWarning(clusterShape(env), max, limits.reserved);
        if (warning) {
            Logger.warn(warning, CONTEXT);
        }
    } catch (error) {
        // A check that cannot run must not stop a server that otherwise works.
        Logger.warn(`could not check the Postgres connection budget: ${(error as Error).message}`, CONTEXT);
    }
}
