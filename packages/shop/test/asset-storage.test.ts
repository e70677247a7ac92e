import path from 'node:path';

import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import { EnvError, readEnv } from '@vendure-scale/cluster';
import { describe, expect, it } from 'vitest';

import { optionsOf } from '../../cluster/test/config-fixture';
import { errorOf, VALID_ENV } from '../../cluster/test/env-fixture';
import { vendureS3Config, s3ClientConfig } from '../src/assets/s3-settings';
import { shopEnvProblems, shopEnvShape, shopSecretSettings } from '../src/shop-env';
import { build, ROLES, shopEnv } from './shop-fixture';

const S3 = { ASSET_STORAGE: 's3', S3_BUCKET: 'shop-assets' };

describe('ASSET_STORAGE', () => {
    it('is local by default, with no S3 setting needed', () => {
        const env = shopEnv();
        expect(env).toMatchObject({
            ASSET_STORAGE: 'local',
            S3_REGION: 'us-east-1',
            S3_FORCE_PATH_STYLE: false,
            S3_REQUEST_CHECKSUM_CALCULATION: 'WHEN_SUPPORTED',
            S3_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_SUPPORTED',
        });
        expect(shopEnvProblems(env)).toEqual([]);
    });

    it('reads every S3 setting', () => {
        const env = shopEnv({
            ...S3,
            S3_ENDPOINT: 'http://minio:9000',
            S3_REGION: 'auto',
            S3_FORCE_PATH_STYLE: 'true',
            S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
            S3_SECRET_ACCESS_KEY: 'a-secret-key',
            S3_REQUEST_CHECKSUM_CALCULATION: 'when_required',
            S3_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
        });
        expect(env).toMatchObject({
            ASSET_STORAGE: 's3',
            S3_BUCKET: 'shop-assets',
            S3_ENDPOINT: 'http://minio:9000',
            S3_REGION: 'auto',
            S3_FORCE_PATH_STYLE: true,
            S3_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
            S3_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
        });
        expect(shopEnvProblems(env)).toEqual([]);
    });

    it.each([
        ['ASSET_STORAGE', 'nfs', 'expected local or s3'],
        ['S3_ENDPOINT', 'minio:9000', 'expected an http:// or https:// URL'],
        ['S3_FORCE_PATH_STYLE', 'yes', 'expected true or false'],
        ['S3_REQUEST_CHECKSUM_CALCULATION', 'never', 'expected WHEN_SUPPORTED or WHEN_REQUIRED'],
    ])('rejects %s=%s in the same message as every other bad variable', (name, value, expected) => {
        const error = errorOf(() => shopEnv({ [name]: value, DB_HOST: undefined }));
        expect(error).toBeInstanceOf(EnvError);
        expect(error.message).toContain(`${name}: ${expected}`);
        expect(error.message).toContain('DB_HOST: required');
    });

    it('needs a bucket with ASSET_STORAGE=s3, and both keys or neither', () => {
        expect(shopEnvProblems(shopEnv({ ASSET_STORAGE: 's3' }))).toEqual([
            'S3_BUCKET: required: the bucket that holds the assets (ASSET_STORAGE=s3)',
        ]);
        expect(shopEnvProblems(shopEnv({ ...S3, S3_ACCESS_KEY_ID: 'AKIDEXAMPLE' }))).toEqual([
            "S3_SECRET_ACCESS_KEY: required with S3_ACCESS_KEY_ID: set both, or neither for the AWS SDK's default credentials",
        ]);
        expect(shopEnvProblems(shopEnv({ ...S3, S3_SECRET_ACCESS_KEY: 'a-secret-key' }))[0]).toMatch(/^S3_ACCESS_KEY_ID: required/);
    });

    it('stops every role at its config, with one message, when a rule between settings is broken', () => {
        for (const role of ROLES) {
            const error = errorOf(() => build(role, { ASSET_STORAGE: 's3' }));
            expect(error).toBeInstanceOf(EnvError);
            expect(error.message).toMatch(/^Invalid environment \(1\):\n {2}- S3_BUCKET: required/);
        }
    });
});

describe('the S3 credentials as secrets', () => {
    const files: Record<string, string> = {
        '/run/secrets/s3_access_key_id': 'AKIDFROMFILE\n',
        '/run/secrets/s3_secret_access_key': 'secret-from-file\n',
    };
    const readFile = (file: string) => {
        if (files[file] === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return files[file];
    };

    it('come from NAME_FILE, like every other secret', () => {
        const env = readEnv(
            {
                ...VALID_ENV,
                ...S3,
                S3_ACCESS_KEY_ID_FILE: '/run/secrets/s3_access_key_id',
                S3_SECRET_ACCESS_KEY_FILE: '/run/secrets/s3_secret_access_key',
            },
            { extend: shopEnvShape, secretSettings: shopSecretSettings, readFile },
        );
        expect(env.S3_ACCESS_KEY_ID).toBe('AKIDFROMFILE');
        expect(env.S3_SECRET_ACCESS_KEY).toBe('secret-from-file');
    });

    it('refuse a file that cannot be read, or a value given twice, naming the variable and never the value', () => {
        const error = errorOf(() =>
            readEnv(
                { ...VALID_ENV, ...S3, S3_ACCESS_KEY_ID_FILE: '/run/secrets/missing', S3_SECRET_ACCESS_KEY: 'inline-secret', S3_SECRET_ACCESS_KEY_FILE: '/run/secrets/s3_secret_access_key' },
                { extend: shopEnvShape, secretSettings: shopSecretSettings, readFile },
            ),
        );
        expect(error.message).toContain('S3_ACCESS_KEY_ID_FILE: cannot read /run/secrets/missing (ENOENT)');
        expect(error.message).toContain('S3_SECRET_ACCESS_KEY: set both S3_SECRET_ACCESS_KEY and S3_SECRET_ACCESS_KEY_FILE');
        expect(error.message).not.toContain('inline-secret');
    });
});

describe('the asset server plugin', () => {
    it.each(ROLES)('keeps the local strategy for ASSET_STORAGE=local (%s)', role => {
        build(role, { ASSET_DIR: '/srv/assets' });
        const options = optionsOf(AssetServerPlugin);
        expect(options.assetUploadDir).toBe('/srv/assets');
        expect(options.storageStrategyFactory).toBeUndefined();
    });

    it.each(ROLES)("uses Vendure's S3 strategy behind the start-up check for ASSET_STORAGE=s3 (%s)", role => {
        build(role, { ...S3, ASSET_DIR: '/tmp/vendure-assets', ASSET_URL_PREFIX: 'https://cdn.example.com/assets/' });
        const options = optionsOf(AssetServerPlugin);
        expect(options).toMatchObject({ route: 'assets', assetUploadDir: path.resolve('/tmp/vendure-assets'), assetUrlPrefix: 'https://cdn.example.com/assets/' });
        expect(options.storageStrategyFactory).toBeTypeOf('function');
    });

    it('gives the SDK every setting, credentials included, and nothing that is unset', () => {
        const env = shopEnv({
            ...S3,
            S3_ENDPOINT: 'https://account.r2.cloudflarestorage.com',
            S3_REGION: 'auto',
            S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
            S3_SECRET_ACCESS_KEY: 'a-secret-key',
            S3_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
        });
        expect(vendureS3Config({ ...env, S3_BUCKET: env.S3_BUCKET! })).toEqual({
            bucket: 'shop-assets',
            credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'a-secret-key' },
            nativeS3Configuration: {
                region: 'auto',
                endpoint: 'https://account.r2.cloudflarestorage.com',
                forcePathStyle: false,
                requestChecksumCalculation: 'WHEN_REQUIRED',
                responseChecksumValidation: 'WHEN_SUPPORTED',
                requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
            },
        });
        const aws = s3ClientConfig(shopEnv({ ...S3, S3_REGION: 'eu-central-1' }));
        expect(aws.endpoint).toBeUndefined();
        // No keys: the SDK's default chain (an IAM role, IRSA, AWS_* variables) finds them.
        expect(aws.credentials).toBeUndefined();
    });
});
