// Straight from the modules, not the package index: the index loads Vendure, and the tests only
// need the env contract. Built to dist by the scaling-config project (nx runs it first).
export { readEnv, type ScalingEnv } from '@vendure-scale/scaling-config/dist/env';
export { isKnownDefaultSecret } from '@vendure-scale/scaling-config/dist/known-defaults';

/** Settings that must never sit in a ConfigMap or a literal: they come from the shared Secret. */
export const SECRET_SETTINGS = ['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD', 'REDIS_PASSWORD'] as const;
export { connectionBudget } from '@vendure-scale/scaling-config/dist/connection-budget';
