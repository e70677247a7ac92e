import { runRole, startServer } from '@vendure-scale/cluster';
import { shopConfig, shopEnvShape, shopSecretSettings } from '@vendure-scale/shop';

void runRole(env => startServer(shopConfig(env, 'server'), env), { extend: shopEnvShape, secretSettings: shopSecretSettings });
