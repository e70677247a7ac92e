// The public API of @vendure-scale/cluster; everything else is internal (see README.md).
export { ClusterPlugin } from './cluster-plugin';
export type { ClusterOptions, ClusterRedisOptions, LoginLimitSettings, OperationLimitSettings } from './cluster-options';
export { clusterOptionsFromEnv } from './env/cluster-options-from-env';
export { EnvError, envWarnings, readEnv, type ClusterEnv, type EnvSource, type ReadEnvOptions } from './env/read-env';
export { assertStartableEnv } from './env/preflight';
export { assertClusterSafe, ClusterSafetyError, clusterSafetyProblems } from './guard/cluster-guard';
export { runRole } from './roles/run-role';
export { startServer, type ServerSettings } from './roles/start-server';
export { startWorker, type WorkerSettings } from './roles/start-worker';
export { runMigrationsOnce, type MigrateHooks, type MigrateSettings } from './roles/run-migrations-once';
