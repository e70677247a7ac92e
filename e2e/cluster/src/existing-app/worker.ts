import { runRole, startWorker } from '@vendure-scale/cluster';

import { config } from './vendure-config';

// Replaces the generated src/index-worker.ts (bootstrapWorker + startJobQueue), adding the health
// port and graceful shutdown.
void runRole(env => startWorker(config, env));
