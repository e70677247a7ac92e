import { buildVendureConfig, runRole } from '@vendure-scale/scaling-config';

import { startWorker } from './worker';

void runRole(env => startWorker(buildVendureConfig(env, 'worker'), env));
