import { ClusterSafetyError } from './cluster-guard';
import { EnvError, readEnv, type ScalingEnv } from './env';

/** Errors that are the operator's to fix: print the message alone, a stack trace would bury it. */
const OPERATOR_ERRORS = [EnvError, ClusterSafetyError];

/**
 * The common opening of every role's main(): read and validate the environment, apply the
 * process-wide defaults, and turn a start-up failure into one message and a non-zero exit.
 */
export async function runRole(main: (env: ScalingEnv) => Promise<void>): Promise<void> {
    try {
        const env = readEnv(process.env);
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
