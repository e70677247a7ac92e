import { EnvError } from '@vendure-scale/cluster';
import { describe, expect, it } from 'vitest';

import { errorOf } from '../../cluster/test/env-fixture';
import { shopEnv } from './shop-fixture';

describe("the shop's settings", () => {
    it('have defaults', () => {
        expect(shopEnv()).toMatchObject({
            ASSET_DIR: 'static/assets',
            DASHBOARD_DIR: 'apps/dashboard/dist',
            DASHBOARD_DEV_SERVER_PORT: 5173,
            CORS_ORIGINS: [],
            SEED_SAMPLE_DATA: false,
        });
        expect(shopEnv().ASSET_URL_PREFIX).toBeUndefined();
    });

    it('parse switches and lists', () => {
        const env = shopEnv({
            DASHBOARD_DEV_SERVER_PORT: '15173',
            SEED_SAMPLE_DATA: 'true',
            CORS_ORIGINS: 'https://shop.example.com, https://admin.example.com,',
            ASSET_URL_PREFIX: 'https://cdn.example.com/assets/',
        });
        expect(env).toMatchObject({
            DASHBOARD_DEV_SERVER_PORT: 15173,
            SEED_SAMPLE_DATA: true,
            CORS_ORIGINS: ['https://shop.example.com', 'https://admin.example.com'],
            ASSET_URL_PREFIX: 'https://cdn.example.com/assets/',
        });
    });

    it.each([
        ['CORS_ORIGINS', 'not a url', 'expected a comma-separated list of URLs'],
        ['ASSET_URL_PREFIX', '/assets', 'expected an absolute URL'],
        ['DASHBOARD_DEV_SERVER_PORT', '70000', 'expected at most 65535'],
        ['SEED_SAMPLE_DATA', 'maybe', 'expected true or false'],
    ])('reject %s=%s', (name, value, expected) => {
        const error = errorOf(() => shopEnv({ [name]: value }));
        expect(error).toBeInstanceOf(EnvError);
        expect((error as EnvError).problems).toEqual([expect.stringMatching(new RegExp(`^${name}(\\.\\d+)?: ${expected}$`))]);
    });

    it("are checked in the same pass as the cluster's: one message names every problem", () => {
        const error = errorOf(() => shopEnv({ DB_HOST: undefined, PORT: 'x', CORS_ORIGINS: 'not a url', ASSET_URL_PREFIX: '/assets' }));
        expect(error.message).toMatch(/^Invalid environment \(4\):/);
        expect((error as EnvError).problems.map(problem => problem.split(/[.:]/)[0])).toEqual([
            'ASSET_URL_PREFIX',
            'CORS_ORIGINS',
            'DB_HOST',
            'PORT',
        ]);
    });
});
