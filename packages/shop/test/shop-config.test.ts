import { readdirSync } from 'node:fs';
import path from 'node:path';

import { AdminUiPlugin } from '@vendure/admin-ui-plugin';
import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import {
    DefaultJobQueuePlugin,
    DefaultSchedulerPlugin,
    DefaultSearchPlugin,
    dummyPaymentHandler,
} from '@vendure/core';
import { ClusterPlugin } from '@vendure-scale/cluster';
import { describe, expect, it } from 'vitest';

import { optionsOf, pluginNames } from '../../cluster/test/config-fixture';
import { VALID_ENV } from '../../cluster/test/env-fixture';
import { MIGRATIONS_GLOB } from '../src/database';
import { build, ROLES } from './shop-fixture';

describe.each(ROLES)('shopConfig(env, %s)', role => {
    it('uses Postgres with migrations only, never synchronize', () => {
        expect(build(role, { DB_POOL_SIZE: '7', DB_SCHEMA: 'shop' }).dbConnectionOptions).toEqual({
            type: 'postgres',
            host: 'postgres',
            port: 5432,
            database: 'vendure',
            username: 'vendure',
            password: VALID_ENV.DB_PASSWORD,
            schema: 'shop',
            synchronize: false,
            migrationsRun: false,
            migrations: [MIGRATIONS_GLOB],
            poolSize: 7,
            logging: false,
        });
    });

    it('accepts cookie and bearer tokens, with the superadmin from the environment', () => {
        const { authOptions } = build(role, { SUPERADMIN_USERNAME: 'root' });
        expect(authOptions?.tokenMethod).toEqual(['cookie', 'bearer']);
        expect(authOptions?.cookieOptions).toMatchObject({ httpOnly: true, sameSite: 'lax' });
        expect(authOptions?.superadminCredentials).toEqual({ identifier: 'root', password: VALID_ENV.SUPERADMIN_PASSWORD });
    });

    it('answers only its own origin unless origins are listed, with CSRF prevention on', () => {
        expect(build(role).apiOptions).toMatchObject({ port: 3000, cors: false, csrfPrevention: true });
        expect(build(role, { CORS_ORIGINS: 'https://shop.example.com, https://admin.example.com' }).apiOptions?.cors).toEqual({
            origin: ['https://shop.example.com', 'https://admin.example.com'],
            credentials: true,
        });
        expect(build(role, { PORT: '4000' }).apiOptions?.port).toBe(4000);
    });

    it('stores assets on the shared directory, under the URL prefix when one is given', () => {
        build(role, { ASSET_DIR: '/srv/assets', ASSET_URL_PREFIX: 'https://cdn.example.com/assets/' });
        expect(optionsOf(AssetServerPlugin)).toMatchObject({
            route: 'assets',
            assetUploadDir: '/srv/assets',
            assetUrlPrefix: 'https://cdn.example.com/assets/',
        });
        build(role);
        expect(optionsOf(AssetServerPlugin).assetUploadDir).toBe(path.resolve('static/assets'));
        expect(optionsOf(AssetServerPlugin).assetUrlPrefix).toBeUndefined();
    });

    it('schedules tasks through the database lock, keeps the database queue for its schema, indexes through jobs', () => {
        const config = build(role);
        const names = pluginNames(config.plugins);
        expect(names).toEqual(expect.arrayContaining([DefaultSchedulerPlugin.name, DefaultJobQueuePlugin.name, DefaultSearchPlugin.name]));
        expect(optionsOf(DefaultJobQueuePlugin)).toMatchObject({ useDatabaseForBuffer: true });
        expect(optionsOf(DefaultSearchPlugin)).toMatchObject({ bufferUpdates: false });
        expect(config.paymentOptions?.paymentMethodHandlers).toEqual([dummyPaymentHandler]);
    });

    it('lists ClusterPlugin last, after the database queue it replaces with BullMQ', () => {
        const names = pluginNames(build(role).plugins);
        expect(names.at(-1)).toBe(ClusterPlugin.name);
        expect(names.indexOf(DefaultJobQueuePlugin.name)).toBeLessThan(names.indexOf(ClusterPlugin.name));
    });
});

describe('the admin UI', () => {
    it('is served by servers only, unless ADMIN_UI=false', () => {
        expect(pluginNames(build('server').plugins)).toContain(AdminUiPlugin.name);
        expect(pluginNames(build('server', { ADMIN_UI: 'false' }).plugins)).not.toContain(AdminUiPlugin.name);
        expect(pluginNames(build('worker').plugins)).not.toContain(AdminUiPlugin.name);
        expect(pluginNames(build('migrate').plugins)).not.toContain(AdminUiPlugin.name);
    });

    it('is served from ADMIN_UI_APP_PATH when set (a writable copy under a read-only root)', () => {
        build('server', { PORT: '4000' });
        expect(optionsOf(AdminUiPlugin)).toMatchObject({ route: 'admin', port: 4000 });
        expect(optionsOf(AdminUiPlugin).app).toBeUndefined();
        build('server', { ADMIN_UI_APP_PATH: '/tmp/vendure-admin-ui' });
        expect(optionsOf(AdminUiPlugin).app).toEqual({ path: '/tmp/vendure-admin-ui' });
    });
});

describe('MIGRATIONS_GLOB', () => {
    it('matches the migrations compiled beside the database options', () => {
        expect(MIGRATIONS_GLOB).toBe(path.resolve(__dirname, '../src/migrations/*.js'));
        // What the built package (and so every role) runs: the checked-in migrations, compiled.
        const compiled = readdirSync(path.resolve(__dirname, '../dist/migrations')).filter(file => file.endsWith('.js'));
        const sources = readdirSync(path.resolve(__dirname, '../src/migrations')).filter(file => file.endsWith('.ts'));
        expect(compiled).toEqual(sources.map(file => file.replace(/\.ts$/, '.js')));
    });
});
