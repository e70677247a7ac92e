import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3AssetStorageStrategy } from '@vendure/asset-server-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkedS3Storage } from '../src/assets/s3-asset-storage';
import { AssetStorageError, checkS3Bucket, explainS3Error, PROBE_PREFIX } from '../src/assets/s3-bucket-check';
import { s3ClientConfig } from '../src/assets/s3-settings';
import { shopEnv } from './shop-fixture';
import { startS3Server, type S3Server } from './s3-server';

let s3: S3Server;

beforeAll(async () => {
    s3 = await startS3Server();
});

afterAll(async () => {
    await s3?.stop();
});

/** A port nothing listens on: taken from the kernel, then given back. */
async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise(resolve => server.close(resolve));
    return port;
}

const settings = (overrides: Record<string, string> = {}) => shopEnv({ ...s3.env, ...overrides });

async function refusalOf(overrides: Record<string, string>): Promise<string> {
    const error = await checkS3Bucket(settings(overrides)).then(
        () => undefined,
        (e: Error) => e,
    );
    expect(error, 'the check should have refused').toBeInstanceOf(AssetStorageError);
    return error!.message;
}

describe('the S3 start-up check, against a real S3 API (s3rver)', () => {
    it('passes with good settings, in either checksum mode, and leaves no probe object behind', async () => {
        await checkS3Bucket(settings());
        await checkS3Bucket(settings({ S3_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED', S3_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED' }));
        const client = new S3Client(s3ClientConfig(settings()));
        const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: PROBE_PREFIX }));
        client.destroy();
        expect(listed.Contents ?? []).toEqual([]);
    });

    it('refuses a bucket that does not exist, and never creates it', async () => {
        const message = await refusalOf({ S3_BUCKET: 'no-such-bucket' });
        expect(message).toBe(
            `Refusing to start: ASSET_STORAGE=s3, but the bucket "no-such-bucket" at ${s3.endpoint} cannot be used: could not find the bucket: ` +
                'it does not exist (NotFound, HTTP 404): create it first (the app never creates buckets), or fix S3_BUCKET',
        );
        // Still missing: a typo in S3_BUCKET must not leave a new bucket behind.
        expect(await refusalOf({ S3_BUCKET: 'no-such-bucket' })).toContain('it does not exist');
    });

    it('refuses credentials the server does not know', async () => {
        const message = await refusalOf({ S3_ACCESS_KEY_ID: 'AKIDUNKNOWN', S3_SECRET_ACCESS_KEY: 'whatever' });
        expect(message).toMatch(/could not find the bucket: access denied \(\w+, HTTP 403\): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
        expect(message).not.toContain('whatever');
    });

    it('refuses an endpoint nothing answers on, quickly', async () => {
        const port = await closedPort();
        const started = Date.now();
        const message = await refusalOf({ S3_ENDPOINT: `http://127.0.0.1:${port}` });
        expect(message).toContain(`the bucket "assets" at http://127.0.0.1:${port} cannot be used: could not find the bucket: cannot reach it (ECONNREFUSED): check S3_ENDPOINT`);
        expect(Date.now() - started).toBeLessThan(30_000);
    });
});

describe('what the check says about errors it cannot provoke on s3rver', () => {
    const sdkError = (name: string, status?: number, message = '') =>
        Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

    it.each([
        ['find the bucket', sdkError('CredentialsProviderError', undefined, 'Could not load credentials from any providers'), /^no credentials: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/],
        ['find the bucket', sdkError('PermanentRedirect', 301), /another region .*set S3_REGION/],
        ['write', sdkError('InvalidArgument', 400, 'x-amz-checksum-crc32 not supported'), /an upload was refused .*S3_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED/],
        ['write', sdkError('NotImplemented', 501, 'A header you provided implies functionality that is not implemented'), /S3_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED/],
        ['write', sdkError('AccessDenied', 403), /may not write objects .*allow s3:PutObject/],
        ['read back', sdkError('Error', 500, 'Checksum mismatch'), /S3_RESPONSE_CHECKSUM_VALIDATION=WHEN_REQUIRED/],
        ['delete', sdkError('AccessDenied', 403), /may not delete objects .*allow s3:DeleteObject/],
        ['find the bucket', sdkError('TimeoutError'), /no answer within 30 s: check S3_ENDPOINT/],
    ] as const)('%s: %s', (step, error, expected) => {
        expect(explainS3Error(step, error)).toMatch(expected);
    });
});

describe("the storage factory Vendure's asset server plugin calls while it configures", () => {
    it("checks the bucket first, then hands over Vendure's own S3 strategy", async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'vs-asset-cache-'));
        try {
            const env = settings();
            const strategy = await checkedS3Storage({ ...env, S3_BUCKET: env.S3_BUCKET! })({ route: 'assets', assetUploadDir: dir });
            expect(strategy).toBeInstanceOf(S3AssetStorageStrategy);
            await strategy.init?.(undefined as never);
            // The identifier is the key, the same relative path the local strategy would give.
            expect(await strategy.writeFileFromBuffer('source/ab/photo.jpg', Buffer.from('jpeg bytes'))).toBe('source/ab/photo.jpg');
            expect((await strategy.readFileToBuffer('source/ab/photo.jpg')).toString()).toBe('jpeg bytes');
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('stops the start when the bucket is unusable, before Vendure has a strategy', async () => {
        const env = settings({ S3_BUCKET: 'no-such-bucket' });
        await expect(checkedS3Storage({ ...env, S3_BUCKET: env.S3_BUCKET! })({ route: 'assets', assetUploadDir: os.tmpdir() })).rejects.toThrow(
            /^Refusing to start: ASSET_STORAGE=s3, but the bucket "no-such-bucket"/,
        );
    });

    it('stops the start when ASSET_DIR is not writable (as on a read-only root filesystem)', async () => {
        // Below a regular file nothing can be created, whoever runs the test (root included).
        const dir = mkdtempSync(path.join(os.tmpdir(), 'vs-not-a-dir-'));
        const file = path.join(dir, 'file');
        writeFileSync(file, '');
        try {
            const env = settings();
            await expect(checkedS3Storage({ ...env, S3_BUCKET: env.S3_BUCKET! })({ route: 'assets', assetUploadDir: file })).rejects.toThrow(
                `Refusing to start: ASSET_DIR (${file}) is not writable (ENOTDIR)`,
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
