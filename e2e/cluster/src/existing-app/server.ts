import { runRole, startServer } from '@vendure-scale/cluster';

import { config } from './vendure-config';

// Replaces the generated src/index.ts, which runs the migrations and then bootstrap() in every
// server: with several servers they would race, so the migrate role (migrate.ts) runs them once.
void runRole(env => startServer(config, env));
