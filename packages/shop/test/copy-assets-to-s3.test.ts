import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { configureS3AssetStorage, defaultAssetStorageStrategyFactory, type AssetServerOptions } from '@vendure/asset-server-plugin';
import type { Request } from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { copyAssetsCommand } from '../src/assets/copy-assets-to-s3-command';
import { s3ClientConfig, vendureS3Config } from '../src/assets/s3-settings';
import { appEnvWith, startS3Server, type S3Server } from './s3-server';
import { shopEnv } from './shop-fixture';

/** What ASSET_STORAGE=local leaves under ASSET_DIR: originals, previews and the asset server's resizes. */
const FILES: Record<string, string> = {
    'source/b6/derick-david-409858-unsplash.jpg': 'original jpeg bytes '.repeat(50),
    'preview/71/derick-david-409858-unsplash__preview.jpg': 'preview jpeg bytes',
    // Names as uploads bring them: spaces and letters beyond ASCII.
    'source/4e/blåbær grød.png': 'png bytes',
    'preview/0c/blåbær grød__preview.png': 'png preview bytes',
    'cache/preview/71/derick-david-409858-unsplash__preview_c76c6d3d6ba9b1a3.jpg': 'a resize',
};
const ORIGINALS = Object.keys(FILES).filter(key => !key.startsWith('cache/')).sort((a, b) => a.localeCompare(b));

let s3: S3Server;
let assetDir: string;
let client: S3Client;
let out: string[];

beforeAll(async () => {
    s3 = await startS3Server('copied-assets');
    client = new S3Client(s3ClientConfig(shopEnv(s3.env)));
});

afterAll(async () => {
    client?.destroy();
    await s3?.stop();
});

beforeEach(async () => {
    assetDir = mkdtempSync(path.join(os.tmpdir(), 'vs-asset-volume-'));
    for (const [key, content] of Object.entries(FILES)) {
        mkdirSync(path.dirname(path.join(assetDir, key)), { recursive: true });
        writeFileSync(path.join(assetDir, key), content);
    }
    out = [];
});

afterEach(async () => {
    rmSync(assetDir, { recursive: true, force: true });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    for (const { Key } of listed.Contents ?? []) {
        await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key }));
    }
});

const run = (args: string[], env: Record<string, string> = s3.env) =>
    copyAssetsCommand(args, appEnvWith(env), line => out.push(line), line => out.push(line));

async function keysInBucket(): Promise<string[]> {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    return (listed.Contents ?? []).map(o => o.Key!).sort((a, b) => a.localeCompare(b));
}

async function objectOf(key: string): Promise<{ body: string; type?: string }> {
    const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return { body: await got.Body!.transformToString(), type: got.ContentType };
}

describe('copy-assets-to-s3, against a real S3 API (s3rver)', () => {
    it('copies every original and preview under its identifier, leaving resizes out, and deletes nothing', async () => {
        expect(await run([assetDir])).toBe(0);
        expect(await keysInBucket()).toEqual(ORIGINALS);
        for (const key of ORIGINALS) {
            expect((await objectOf(key)).body, key).toBe(FILES[key]);
        }
        expect((await objectOf('source/b6/derick-david-409858-unsplash.jpg')).type).toBe('image/jpeg');
        expect(out.at(-1)).toBe('4 files: 4 copied, 0 already in the bucket, 0 failed; 1 cached resizes left out (made again on demand)');
        // The volume is untouched: going back stays possible until the operator removes it.
        for (const [key, content] of Object.entries(FILES)) {
            expect(readFileSync(path.join(assetDir, key), 'utf8'), key).toBe(content);
        }
    });

    it("stores what Vendure's S3 strategy reads under the identifiers in the database, at the same URL as before", async () => {
        expect(await run([assetDir])).toBe(0);
        const options: AssetServerOptions = { route: 'assets', assetUploadDir: assetDir, assetUrlPrefix: 'https://shop.example.com/assets/' };
        const env = shopEnv(s3.env);
        const s3Storage = configureS3AssetStorage(vendureS3Config({ ...env, S3_BUCKET: env.S3_BUCKET! }))(options);
        await s3Storage.init();
        const localStorage = defaultAssetStorageStrategyFactory(options);
        const request = {} as Request;
        for (const identifier of ORIGINALS) {
            expect((await s3Storage.readFileToBuffer(identifier)).toString(), identifier).toBe(FILES[identifier]);
            expect(s3Storage.toAbsoluteUrl!(request, identifier)).toBe(localStorage.toAbsoluteUrl!(request, identifier));
        }
    });

    it('copies nothing on a dry run, and only what is missing or incomplete when run again', async () => {
        expect(await run(['--dry-run', assetDir])).toBe(0);
        expect(await keysInBucket()).toEqual([]);
        expect(out.at(-1)).toMatch(/^4 files: 4 to copy, 0 already in the bucket/);

        // An earlier run stopped half-way: one object is there, one is cut short.
        await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: ORIGINALS[0], Body: FILES[ORIGINALS[0]] }));
        await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: ORIGINALS[1], Body: 'cut' }));
        out = [];
        expect(await run([assetDir])).toBe(0);
        expect(out.at(-1)).toMatch(/^4 files: 3 copied, 1 already in the bucket, 0 failed/);
        expect((await objectOf(ORIGINALS[1])).body).toBe(FILES[ORIGINALS[1]]);

        out = [];
        expect(await run([assetDir])).toBe(0);
        expect(out.at(-1)).toMatch(/^4 files: 0 copied, 4 already in the bucket, 0 failed/);
    });

    it('copies the resizes too with --include-cache', async () => {
        expect(await run(['--include-cache', assetDir])).toBe(0);
        expect(await keysInBucket()).toEqual(Object.keys(FILES).sort((a, b) => a.localeCompare(b)));
    });

    it('refuses to start on wrong usage or settings, before copying anything', async () => {
        expect(await run([])).toBe(64);
        expect(await run([path.join(assetDir, 'missing')])).toBe(64);
        expect(out.join('\n')).toContain('is not a directory');
        expect(await run([assetDir], { ...s3.env, ASSET_STORAGE: 'local' })).toBe(64);
        expect(out.at(-1)).toBe('ASSET_STORAGE: expected s3: the settings of the bucket to copy into');
        await expect(run([assetDir], { ...s3.env, S3_BUCKET: 'no-such-bucket' })).rejects.toThrow(/^Refusing to start: .*does not exist/);
        expect(await keysInBucket()).toEqual([]);
    });
});
