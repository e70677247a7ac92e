import { readEnv } from '@vendure-scale/cluster';
import type { VendureConfig } from '@vendure/core';

// The cluster's tests and the shop's share one valid environment: the shop's settings all have defaults.
import { VALID_ENV } from '../../cluster/test/env-fixture';
import { shopConfig, type Role, type ShopEnv } from '../src/shop-config';
import { shopEnvShape } from '../src/shop-env';

export const ROLES: readonly Role[] = ['server', 'worker', 'migrate'];

/** The shop's environment, read as its entry points read it: VALID_ENV with `overrides`. */
export function shopEnv(overrides: Record<string, string | undefined> = {}): ShopEnv {
    return readEnv({ ...VALID_ENV, ...overrides }, { extend: shopEnvShape });
}

/** The config a role of the shop starts with, for VALID_ENV with `overrides`. */
export function build(role: Role, overrides: Record<string, string | undefined> = {}): VendureConfig {
    return shopConfig(shopEnv(overrides), role);
}
