import os from 'node:os';
import path from 'node:path';

import type { VendureConfig } from '@vendure/core';
import { readEnv } from '@vendure-scale/cluster';

import { shopConfig } from './shop-config';
import { shopEnvShape } from './shop-env';

/**
 * What the Dashboard build (apps/dashboard) reads its Admin API schema from: the server's config,
 * whose plugins' configuration hooks run but which connects to nothing. The settings only satisfy
 * the env schema: `.invalid` host names (RFC 6761) never resolve, and the values are no secrets.
 */
const schemaOnlyEnv = readEnv(
    {
        DB_HOST: 'dashboard-build.invalid',
        DB_NAME: 'schema-only',
        DB_USERNAME: 'schema-only',
        DB_PASSWORD: 'schema-only-not-a-password',
        REDIS_HOST: 'dashboard-build.invalid',
        COOKIE_SECRET: 'schema-only-not-a-cookie-secret-0123456789',
        SUPERADMIN_PASSWORD: 'schema-only-not-a-password',
        // The local asset storage creates its directory when configured: not in the repo.
        ASSET_DIR: path.join(os.tmpdir(), 'vendure-dashboard-build-assets'),
    },
    { extend: shopEnvShape },
);

// The Vite plugin finds this export by its type annotation (`: VendureConfig`).
export const config: VendureConfig = shopConfig(schemaOnlyEnv, 'server');
