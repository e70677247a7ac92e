import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Credentials {
    adminUsername: string;
    adminPassword?: string;
    customerPassword: string;
}

/** The repo's .env (what compose reads), so that a run against the compose stack needs no exports. */
const DOT_ENV = path.resolve(__dirname, '..', '..', '..', '.env');

function readDotEnv(file: string): Record<string, string> {
    if (!existsSync(file)) {
        return {};
    }
    const entries = readFileSync(file, 'utf8')
        .split('\n')
        .map(line => line.trim())
        .filter(line => line && !line.startsWith('#') && line.includes('='))
        .map(line => {
            const at = line.indexOf('=');
            return [line.slice(0, at).trim(), line.slice(at + 1).trim().replace(/^(['"])(.*)\1$/, '$2')] as const;
        });
    return Object.fromEntries(entries);
}

/** The environment wins over .env; the superadmin password has no default (it is a secret). */
export function readCredentials(env: Record<string, string | undefined> = process.env, dotEnvFile = DOT_ENV): Credentials {
    const fromFile = readDotEnv(dotEnvFile);
    const get = (key: string) => env[key] || fromFile[key] || undefined;
    return {
        adminUsername: get('SUPERADMIN_USERNAME') ?? 'superadmin',
        adminPassword: get('SUPERADMIN_PASSWORD'),
        // Customers the load test creates for itself in a test shop; override it if that shop is shared.
        customerPassword: get('LOADTEST_CUSTOMER_PASSWORD') ?? 'loadtest-customer-password',
    };
}
