/**
 * Variables renamed in this release, old name → new name. The old names keep working for one
 * release (with a warning at start-up), so that an upgrade does not break a running deployment.
 */
export const DEPRECATED_NAMES: Readonly<Record<string, string>> = {
    // They never said how many run, only the most that will: the connection budget needs the most.
    SERVER_REPLICAS: 'MAX_SERVER_REPLICAS',
    WORKER_REPLICAS: 'MAX_WORKER_REPLICAS',
    // In compose it set Postgres' max_connections (now POSTGRES_MAX_CONNECTIONS); in the apps it
    // only overrides the limit the connection budget is checked against.
    DB_MAX_CONNECTIONS: 'DB_CONNECTION_LIMIT',
};

/** The source with every old name moved to its new one; a new name that is set wins. */
export function renameDeprecated(source: Record<string, string>): Record<string, string> {
    const renamed = { ...source };
    for (const [old, now] of Object.entries(DEPRECATED_NAMES)) {
        if (renamed[old] !== undefined) {
            renamed[now] ??= renamed[old];
            delete renamed[old];
        }
    }
    return renamed;
}
