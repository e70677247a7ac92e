import type { z } from 'zod';

import { isKnownDefaultSecret } from './known-defaults';
import { readEnv, type ClusterEnv, type EnvSource, type ReadEnvOptions } from './read-env';

/**
 * The start-up checks that need nothing but the environment, cheap enough to run before a process
 * manager starts the app (docker/preflight.cjs): pm2 restarts an app that exits on a bad setting
 * forever, so without this a container with a bad `.env` would never stop, only never get healthy.
 * Loads zod only, not Vendure. The same checks run again inside every role (readEnv in runRole,
 * the cluster guard at bootstrap), with the same messages.
 */
export function assertStartableEnv<Extra extends z.ZodRawShape = Record<never, never>>(
    source: EnvSource,
    options: ReadEnvOptions<Extra> = {},
): ClusterEnv & z.output<z.ZodObject<Extra>> {
    const env = readEnv(source, options);
    if (env.NODE_ENV === 'production') {
        const secrets: Array<[string, string | undefined]> = [
            ['the cookie secret', env.COOKIE_SECRET],
            ['the superadmin password', env.SUPERADMIN_PASSWORD],
            ['the database password', env.DB_PASSWORD],
            ['the Redis password', env.REDIS_PASSWORD],
        ];
        const problems = secrets
            .filter(([, value]) => isKnownDefaultSecret(value))
            .map(([what]) => `${what} is a publicly known default (NODE_ENV=production)`);
        if (problems.length) {
            // Worded as the cluster guard words it, so that an operator meets one message.
            throw new Error(
                `Refusing to start: this configuration is not safe for more than one instance:\n${problems
                    .map(p => `  - ${p}`)
                    .join('\n')}`,
            );
        }
    }
    return env;
}
