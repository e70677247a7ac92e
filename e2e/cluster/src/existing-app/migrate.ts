import { runMigrationsOnce, runRole } from '@vendure-scale/cluster';

import { config } from './vendure-config';

// Once per deploy, before the servers and workers: the app's migrations under a lock, then
// Vendure's first-time set-up (default channel, roles, superadmin) on an empty database.
void runRole(async env => {
    await runMigrationsOnce(config, env);
    // Vendure's Redis and BullMQ clients can keep the event loop alive after close.
    process.exit(0);
});
