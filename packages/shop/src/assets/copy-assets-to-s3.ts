import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { configureS3AssetStorage, type S3AssetStorageStrategy } from '@vendure/asset-server-plugin';

import { checkS3Bucket } from './s3-bucket-check';
import { s3ClientConfig, vendureS3Config, type S3Settings } from './s3-settings';

export interface CopyOptions {
    /** Also copy `cache/` (resized images): the asset server makes them again on demand, so off by default. */
    includeCache?: boolean;
    /** Only report what would be copied. */
    dryRun?: boolean;
    /** Uploads at once. */
    concurrency?: number;
    log?: (line: string) => void;
}

export interface CopyReport {
    /** Every file under the directory that belongs in the bucket, as its key. */
    files: number;
    copied: string[];
    /** Already in the bucket with the same size: a run that was interrupted resumes where it stopped. */
    alreadyThere: string[];
    /** Files under cache/ that were left out. */
    cacheLeftOut: number;
    failed: Array<{ key: string; reason: string }>;
}

interface SourceFile {
    key: string;
    file: string;
    size: number;
}

/**
 * Copies the assets of an ASSET_STORAGE=local directory into the bucket of ASSET_STORAGE=s3, each
 * file under its path below the directory as its key: exactly the identifier Vendure stored for it
 * (asset.source, asset.preview), so no row changes and every asset URL keeps working. It writes
 * through Vendure's own S3 strategy, as the app will, never deletes anything, and checks at the end
 * that every file is in the bucket with its size. Safe to run again; only what is missing is copied.
 */
export async function copyAssetsToS3(sourceDir: string, env: S3Settings & { S3_BUCKET: string }, options: CopyOptions = {}): Promise<CopyReport> {
    const { includeCache = false, dryRun = false, concurrency = 4, log = () => undefined } = options;
    const all = await listFiles(sourceDir);
    const files = all.filter(f => includeCache || !isCache(f.key));
    const report: CopyReport = { files: files.length, copied: [], alreadyThere: [], cacheLeftOut: all.length - files.length, failed: [] };

    await checkS3Bucket(env);
    const client = new S3Client(s3ClientConfig(env));
    const storage = configureS3AssetStorage(vendureS3Config(env))({ route: 'assets', assetUploadDir: sourceDir }) as S3AssetStorageStrategy;
    await storage.init();
    try {
        await eachLimited(files, concurrency, async source => {
            try {
                if ((await sizeInBucket(client, env.S3_BUCKET, source.key)) === source.size) {
                    report.alreadyThere.push(source.key);
                    return;
                }
                if (!dryRun) {
                    const stored = await storage.writeFileFromStream(source.key, createReadStream(source.file));
                    if (stored !== source.key) {
                        throw new Error(`stored as ${stored}, not as ${source.key}`);
                    }
                    const size = await sizeInBucket(client, env.S3_BUCKET, source.key);
                    if (size !== source.size) {
                        throw new Error(`${size ?? 'no'} bytes in the bucket, ${source.size} on disk`);
                    }
                }
                report.copied.push(source.key);
                log(`${dryRun ? 'would copy' : 'copied'} ${source.key} (${source.size} bytes)`);
            } catch (error) {
                report.failed.push({ key: source.key, reason: (error as Error).message || String(error) });
                log(`FAILED ${source.key}: ${(error as Error).message}`);
            }
        });
    } finally {
        // Vendure's strategy has no destroy(): its client's idle sockets end with the process.
        client.destroy();
    }
    return report;
}

/** Resized images the asset server keeps; made again from the originals on the first request. */
function isCache(key: string): boolean {
    return key.startsWith('cache/');
}

/** Every regular file below `dir`, keyed by its path with forward slashes, in a stable order. */
async function listFiles(dir: string): Promise<SourceFile[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const files = await Promise.all(
        entries
            .filter(entry => entry.isFile())
            .map(async entry => {
                const file = path.join(entry.parentPath, entry.name);
                const key = path.relative(dir, file).split(path.sep).join('/');
                return { key, file, size: (await stat(file)).size };
            }),
    );
    return files.sort((a, b) => a.key.localeCompare(b.key));
}

async function sizeInBucket(client: S3Client, bucket: string, key: string): Promise<number | undefined> {
    try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return head.ContentLength;
    } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
            return undefined;
        }
        throw error;
    }
}

/** Runs `work` on every item, at most `limit` at once (hand-written: p-limit is ESM-only, this is ten lines). */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            await work(items[next++]);
        }
    });
    await Promise.all(lanes);
}
