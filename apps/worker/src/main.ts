import { runRole, startWorker } from '@vendure-scale/cluster';
import { shopConfig, shopEnvShape, shopSecretSettings } from '@vendure-scale/shop';

void runRole(env => startWorker(shopConfig(env, 'worker'), env), { extend: shopEnvShape, secretSettings: shopSecretSettings });
