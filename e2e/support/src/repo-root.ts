import path from 'node:path';

/**
 * The repository's root, found from this file (e2e/support/src or e2e/support/dist), so that
 * compose.yaml, the stack files and scripts/ resolve the same wherever vitest was started.
 */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
