import { runRole, startServer } from '@vendure-scale/cluster';
import { shopConfig, shopEnvShape, shopSecretSettings } from '@vendure-scale/shop';
import { DefaultSearchPlugin } from '@vendure/core';

/**
 * The reference the search tests compare against: the shop's server on the same database, with
 * Vendure's own PostgresSearchStrategy instead of the shop's. DefaultSearchPlugin keeps its options
 * in a static, so initialising it again without `searchStrategy` is what selects the default.
 */
void runRole(
    env => {
        const config = shopConfig(env, 'server');
        DefaultSearchPlugin.init({ ...DefaultSearchPlugin.options, searchStrategy: undefined });
        return startServer(config, env);
    },
    { extend: shopEnvShape, secretSettings: shopSecretSettings },
);
