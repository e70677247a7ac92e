import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/** The repo's .env, which compose reads for the stack it starts from the repo's compose.yaml. */
export const REPO_DOT_ENV = path.resolve(__dirname, '..', '..', '..', '.env');

/**
 * The env file the stack under test was started with: STACK_ENV_FILE (as given to
 * `docker compose --env-file`), else the repo's .env. Its settings are the stack's; the runner
 * reads the superadmin password and the limits from it.
 */
export function stackEnvFile(env: Record<string, string | undefined> = process.env): string {
    return env.STACK_ENV_FILE ? path.resolve(env.STACK_ENV_FILE) : REPO_DOT_ENV;
}

/** A .env file's variables (Node's own parser, the dotenv format compose reads too); {} when absent. */
export function readDotEnv(file: string): Record<string, string> {
    if (!existsSync(file)) {
        return {};
    }
    return Object.fromEntries(Object.entries(parseEnv(readFileSync(file, 'utf8'))).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
