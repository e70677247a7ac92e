import { existsSync } from 'node:fs';

import { REPO_COMPOSE_FILE } from '../orchestrate/compose';
import { runCommand } from '../orchestrate/run-command';
import { readDotEnv, stackEnvFile } from './dot-env';

export interface Credentials {
    adminUsername: string;
    adminPassword?: string;
    /** Where the password came from, for the log (never the password itself). */
    adminPasswordSource?: string;
    customerPassword: string;
}

/**
 * The environment wins over the stack's env file; the superadmin password has no default (it is
 * a secret). Customers are the load test's own, created in a test shop; override their password
 * if that shop is shared.
 */
export function readCredentials(env: Record<string, string | undefined> = process.env, envFile = readDotEnv(stackEnvFile(env))): Credentials {
    const get = (key: string) => env[key] || envFile[key] || undefined;
    const adminPassword = get('SUPERADMIN_PASSWORD');
    return {
        adminUsername: get('SUPERADMIN_USERNAME') ?? 'superadmin',
        adminPassword,
        adminPasswordSource: adminPassword ? (env.SUPERADMIN_PASSWORD ? 'environment' : 'env file') : undefined,
        customerPassword: get('LOADTEST_CUSTOMER_PASSWORD') ?? 'loadtest-customer-password',
    };
}

// The servers read the password from SUPERADMIN_PASSWORD_FILE (compose's `secrets` job writes it
// to /run/secrets) or, in stacks that pass it directly, from SUPERADMIN_PASSWORD.
const READ_PASSWORD = 'if [ -n "$SUPERADMIN_PASSWORD_FILE" ]; then cat "$SUPERADMIN_PASSWORD_FILE"; else printf %s "$SUPERADMIN_PASSWORD"; fi';

/**
 * The superadmin password of the repo's compose stack, asked of a running server container: with
 * the generated secrets of compose.yaml it is in no file on the host. Undefined when there is no
 * such stack (or no Docker).
 */
export async function passwordFromComposeStack(env: Record<string, string | undefined> = process.env): Promise<string | undefined> {
    const envFile = stackEnvFile(env);
    const args = ['compose', '-f', REPO_COMPOSE_FILE, ...(existsSync(envFile) ? ['--env-file', envFile] : []), 'exec', '-T', 'server', 'sh', '-c', READ_PASSWORD];
    try {
        const { stdout } = await runCommand('docker', args, { timeoutMs: 30_000 });
        return stdout.replace(/\r?\n$/, '') || undefined;
    } catch {
        return undefined;
    }
}

/** readCredentials, then the running compose stack for a password neither the environment nor the env file has. */
export async function stackCredentials(env: Record<string, string | undefined> = process.env): Promise<Credentials> {
    const credentials = readCredentials(env);
    if (credentials.adminPassword) {
        return credentials;
    }
    const adminPassword = await passwordFromComposeStack(env);
    return adminPassword ? { ...credentials, adminPassword, adminPasswordSource: 'the compose stack (/run/secrets)' } : credentials;
}
