import path from 'node:path';

import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import type { Type } from '@vendure/core';
import { EnvError } from '@vendure-scale/cluster';

import { checkedS3Storage } from './assets/s3-asset-storage';
import type { ShopEnv } from './shop-config';
import { shopEnvProblems } from './shop-env';

/**
 * Assets are never inside a container: ASSET_STORAGE=local keeps them on a directory every
 * instance mounts (a volume on one host), s3 in a bucket every instance reaches (any number of hosts).
 */
export function assetPlugin(env: ShopEnv): Type<unknown> {
    const problems = shopEnvProblems(env);
    if (problems.length) {
        throw new EnvError(problems);
    }
    return AssetServerPlugin.init({
        route: 'assets',
        assetUploadDir: path.resolve(env.ASSET_DIR),
        // Without a prefix Vendure derives asset URLs from the request, which trustProxy makes right.
        // A CDN in front of the shop's /assets/ route goes here (https://cdn.example.com/assets/).
        assetUrlPrefix: env.ASSET_URL_PREFIX,
        ...(env.ASSET_STORAGE === 's3' ? { storageStrategyFactory: checkedS3Storage({ ...env, S3_BUCKET: env.S3_BUCKET! }) } : {}),
    });
}
