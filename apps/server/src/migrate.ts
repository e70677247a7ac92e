import { runMigrationsOnce, runRole } from '@vendure-scale/cluster';
import { sampleCatalogue, shopConfig, shopEnvShape, shopSecretSettings } from '@vendure-scale/shop';

void runRole(
    async env => {
        await runMigrationsOnce(shopConfig(env, 'migrate'), env, env.SEED_SAMPLE_DATA ? sampleCatalogue : {});
        // Vendure's Redis and BullMQ clients can keep the event loop alive after close.
        process.exit(0);
    },
    { extend: shopEnvShape, secretSettings: shopSecretSettings },
);
