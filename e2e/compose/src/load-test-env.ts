import type { StackEnv } from '@vendure-scale/e2e-support';

/**
 * The environment under which the suites run the README's `npx nx run load-test…` commands
 * against their stack: its address, its env file (the limits the runner reads) and its superadmin.
 */
export function loadTestEnv(env: StackEnv): Record<string, string> {
    return {
        NX_DAEMON: 'false',
        BASE_URL: env.baseUrl,
        STACK_ENV_FILE: env.file,
        SUPERADMIN_USERNAME: env.superadmin.username,
        SUPERADMIN_PASSWORD: env.superadmin.password,
    };
}
