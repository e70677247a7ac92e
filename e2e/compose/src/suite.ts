import path from 'node:path';

/** This suite's name in its image tag and env-file dirs (`vendure-scale:e2e`, `vs-e2e-…`). */
export const SUITE = 'e2e';

/** Where each stack keeps its services' logs when it goes down (gitignored), for a failed run. */
export const LOG_DIR = path.resolve(__dirname, '../test-results');
