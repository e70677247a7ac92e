import type { ClusterEnv } from '../env/read-env';

/** Postgres' default `superuser_reserved_connections`: ordinary roles can never use these. */
export const POSTGRES_RESERVED_CONNECTIONS = 3;

/** The largest cluster that will run at once; every process holds a full pool at worst. */
export interface ClusterShape {
    poolSize: number;
    serverReplicas: number;
    serverProcesses: number;
    workerReplicas: number;
    workerProcesses: number;
    /** The migrate job runs beside the old servers and workers during a deploy. */
    migrateProcesses: number;
}

export interface ConnectionBudget {
    /** Connections the cluster can open when every pool is full. */
    needed: number;
    /** Connections Postgres grants to non-superusers. */
    available: number;
    fits: boolean;
}

export function clusterShape(
    env: Pick<ClusterEnv, 'DB_POOL_SIZE' | 'MAX_SERVER_REPLICAS' | 'SERVER_PROCESSES' | 'MAX_WORKER_REPLICAS' | 'WORKER_PROCESSES'>,
): ClusterShape {
    return {
        poolSize: env.DB_POOL_SIZE,
        serverReplicas: env.MAX_SERVER_REPLICAS,
        serverProcesses: env.SERVER_PROCESSES,
        workerReplicas: env.MAX_WORKER_REPLICAS,
        workerProcesses: env.WORKER_PROCESSES,
        migrateProcesses: 1,
    };
}

export function connectionBudget(
    shape: ClusterShape,
    maxConnections: number,
    reservedConnections = POSTGRES_RESERVED_CONNECTIONS,
): ConnectionBudget {
    const processes =
        shape.serverReplicas * shape.serverProcesses +
        shape.workerReplicas * shape.workerProcesses +
        shape.migrateProcesses;
    const needed = shape.poolSize * processes;
    const available = Math.max(0, maxConnections - reservedConnections);
    return { needed, available, fits: needed <= available };
}

/**
 * The start-up warning, or undefined when the cluster fits. Past the limit Postgres refuses new
 * connections ("too many clients"), which shows up only under load, far from its cause.
 */
export function connectionBudgetWarning(
    shape: ClusterShape,
    maxConnections: number,
    reservedConnections = POSTGRES_RESERVED_CONNECTIONS,
): string | undefined {
    const budget = connectionBudget(shape, maxConnections, reservedConnections);
    if (budget.fits) {
        return undefined;
    }
    return (
        `this cluster can open ${budget.needed} Postgres connections but max_connections=${maxConnections} ` +
        `leaves ${budget.available} (${reservedConnections} reserved for superusers): ` +
        `DB_POOL_SIZE=${shape.poolSize} x (${shape.serverReplicas} server replicas x ${shape.serverProcesses} processes` +
        ` + ${shape.workerReplicas} worker replicas x ${shape.workerProcesses} processes + ${shape.migrateProcesses} migrate). ` +
        'Under load, requests will fail with "too many clients already": raise max_connections, ' +
        'lower DB_POOL_SIZE, or run fewer processes (MAX_*_REPLICAS and *_PROCESSES state the most you will run).'
    );
}
