import { buildVendureConfig, runRole } from '@vendure-scale/scaling-config';

import { startServer } from './server';

void runRole(env => startServer(buildVendureConfig(env, 'server'), env));
