// Straight from the modules, not the package indexes: the indexes load Vendure, and the tests only
// need the env contract. Built to dist by the cluster and shop projects (nx builds them first).
import { readEnv, type ClusterEnv } from '@vendure-scale/cluster/dist/env/read-env';
import type { ReadFile } from '@vendure-scale/cluster/dist/env/secret-files';
import { shopEnvShape, shopSecretSettings, type ShopSettings } from '@vendure-scale/shop/dist/shop-env';

export { envWarnings, readEnv, type ClusterEnv } from '@vendure-scale/cluster/dist/env/read-env';
export { isKnownDefaultSecret } from '@vendure-scale/cluster/dist/env/known-defaults';
export { connectionBudget } from '@vendure-scale/cluster/dist/roles/connection-budget';
export {
    BALANCER_IDLE_TIMEOUT_MS,
    killTimeoutMs,
    SWEEP_IDLE_AFTER_MS,
    timingContractProblems,
} from '@vendure-scale/cluster/dist/roles/timing-contract';
/** Settings that must never sit in a ConfigMap or a literal: the cluster's own list of secrets. */
export { SECRET_SETTINGS } from '@vendure-scale/cluster/dist/env/secret-files';
export type { ReadFile };

export type AppEnv = ClusterEnv & ShopSettings;

/**
 * The environment as the image's roles read it (docker/preflight.cjs and apps/*): the cluster's
 * settings and the shop's in one pass, secrets from their `NAME_FILE`s through `readFile`.
 */
export function readAppEnv(source: Record<string, string | undefined>, readFile: ReadFile): AppEnv {
    return readEnv(source, { extend: shopEnvShape, secretSettings: shopSecretSettings, readFile });
}
