import { readdirSync } from 'node:fs';
import path from 'node:path';

import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import {
    DefaultJobQueuePlugin,
    DefaultSchedulerPlugin,
    DefaultSearchPlugin,
    dummyPaymentHandler,
    getConfig,
    resetConfig,
    runPluginConfigurations,
    setConfig,
} from '@vendure/core';
import { DashboardPlugin } from '@vendure/dashboard/plugin';
import { ClusterPlugin } from '@vendure-scale/cluster';
import { describe, expect, it } from 'vitest';

import { optionsOf, pluginNames } from '../../cluster/test/config-fixture';
import { VALID_ENV } from '../../cluster/test/env-fixture';
import { adminRedirectMiddleware, DASHBOARD_ROUTE, dashboardCacheMiddleware } from '../src/dashboard';
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

describe('the Dashboard', () => {
    it.each(ROLES)("is registered in the %s role, with the cache middleware in front of its route", role => {
        const config = build(role, { DASHBOARD_DIR: '/srv/dashboard', DASHBOARD_DEV_SERVER_PORT: '15173' });
        expect(pluginNames(config.plugins)).toContain(DashboardPlugin.name);
        expect(optionsOf(DashboardPlugin)).toEqual({ route: DASHBOARD_ROUTE, appDir: '/srv/dashboard', viteDevServerPort: 15173 });
        expect(config.apiOptions?.middleware).toEqual(expect.arrayContaining([dashboardCacheMiddleware, adminRedirectMiddleware]));
        expect(dashboardCacheMiddleware).toMatchObject({ route: '/dashboard', beforeListen: true });
        expect(adminRedirectMiddleware).toMatchObject({ route: '/admin', beforeListen: true });
    });

    it("gives the worker the Dashboard's settings fields, which the settings-store cleanup running there would delete otherwise", async () => {
        resetConfig();
        try {
            setConfig(build('worker'));
            const config = await runPluginConfigurations(getConfig());
            const fields = (config.settingsStoreFields['vendure.dashboard'] ?? []).map(field => field.name);
            expect(fields).toEqual(expect.arrayContaining(['userSettings', 'globalSavedViews', 'userSavedViews']));
        } finally {
            resetConfig();
        }
    });

    it('serves the built files from the working directory by default (the image sets DASHBOARD_DIR)', () => {
        build('server');
        expect(optionsOf(DashboardPlugin).appDir).toBe(path.resolve('apps/dashboard/dist'));
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
