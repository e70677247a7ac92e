import path from 'node:path';

import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import type { Type } from '@vendure/core';

import type { ShopEnv } from './shop-config';

/** Assets live on a directory every instance mounts (a shared volume), never inside a container. */
export function assetPlugin(env: ShopEnv): Type<unknown> {
    return AssetServerPlugin.init({
        route: 'assets',
        assetUploadDir: path.resolve(env.ASSET_DIR),
        // Without a prefix Vendure derives asset URLs from the request, which trustProxy makes right.
        assetUrlPrefix: env.ASSET_URL_PREFIX,
    });
}
