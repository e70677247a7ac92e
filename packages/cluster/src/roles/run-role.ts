import type { z } from 'zod';

import { envWarnings, EnvError, readEnv, type ClusterEnv, type ReadEnvOptions } from '../env/read-env';
import { ClusterSafetyError } from '../guard/cluster-guard';

/** Errors that are the operator's to fix: print the message alone, a stack trace would bury it. */
const OPERATOR_ERRORS = [EnvError, ClusterSafetyError];

/**
 * The common opening of every role's main(): read and validate the environment (the app's own
 * settings too, through `options.extend`), apply the process-wide defaults, and turn a start-up
 * failure into one message and a non-zero exit.
 */
export async function runRole<Extra extends z.ZodRawShape = Record<never, never>>(
    main: (env: ClusterEnv & z.output<z.ZodObject<Extra>>) => Promise<void>,
    options: ReadEnvOptions<Extra> = {},
): Promise<void> {
    try {
        const env = readEnv(process.env, options);
        for (const warning of envWarnings(process.env)) {
            console.warn(`warning: ${warning}`);
        }
        // Vendure reads this from the process environment, not from its config.
        if (env.VENDURE_DISABLE_TELEMETRY) {
            process.env.VENDURE_DISABLE_TELEMETRY = 'true';
        }
        await main(env);
    } catch (error) {
        const known = OPERATOR_ERRORS.some(type => error instanceof type) || /Refusing to start/.test(String(error));
        console.error(known ? (error as Error).message : error);
        process.exit(1);
    }
}
