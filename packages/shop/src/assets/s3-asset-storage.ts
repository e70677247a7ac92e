import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { configureS3AssetStorage, type AssetServerOptions } from '@vendure/asset-server-plugin';

import { AssetStorageError, checkS3Bucket } from './s3-bucket-check';
import { vendureS3Config, type S3Settings } from './s3-settings';

type StorageFactory = NonNullable<AssetServerOptions['storageStrategyFactory']>;

/**
 * Vendure's own S3 strategy, behind the start-up check. The factory runs while Vendure configures
 * its plugins, before anything else starts, in every role (server, worker, migrate): a bad setting
 * stops each of them there. The strategy stores every file under the same key that the local
 * strategy uses as its path below ASSET_DIR (source/…, preview/…, cache/…), so the identifiers
 * in the database, and with them every asset URL, stay valid when assets move to a bucket.
 */
export function checkedS3Storage(env: S3Settings & { S3_BUCKET: string }): StorageFactory {
    return async options => {
        ensureCacheDir(options.assetUploadDir);
        await checkS3Bucket(env);
        return configureS3AssetStorage(vendureS3Config(env))(options);
    };
}

/**
 * The asset server creates `cache` below ASSET_DIR at start even when every file goes to the
 * bucket; on a read-only root filesystem that needs a writable place (a tmpfs).
 */
function ensureCacheDir(dir: string): void {
    try {
        mkdirSync(path.join(dir, 'cache'), { recursive: true });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new AssetStorageError(
            `Refusing to start: ASSET_DIR (${dir}) is not writable (${code}): with ASSET_STORAGE=s3 it holds only the asset server's empty cache directory; point it at a tmpfs`,
        );
    }
}
