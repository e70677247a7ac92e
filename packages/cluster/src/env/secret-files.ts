import { readFileSync } from 'node:fs';

/** The cluster's own secrets; each may be given as NAME or as NAME_FILE. */
export const SECRET_SETTINGS = ['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD', 'REDIS_PASSWORD'] as const;

export type ReadFile = (path: string) => string;

const readUtf8: ReadFile = path => readFileSync(path, 'utf8');

/**
 * `NAME_FILE=/run/secrets/name` → NAME, as the official Postgres and MySQL images do (their
 * `file_env`): secrets mounted as files stay out of `docker inspect` and the process listing.
 * One trailing newline is dropped, since `echo secret > file` writes one.
 */
export function readSecretFiles(
    source: Record<string, string>,
    names: readonly string[],
    readFile: ReadFile = readUtf8,
): { values: Record<string, string>; problems: string[]; unreadable: string[] } {
    const values: Record<string, string> = {};
    const problems: string[] = [];
    const unreadable: string[] = [];
    for (const name of names) {
        const file = source[`${name}_FILE`];
        if (file === undefined) continue;
        if (source[name] !== undefined) {
            problems.push(`${name}: set both ${name} and ${name}_FILE; keep one`);
            continue;
        }
        try {
            values[name] = readFile(file).replace(/\r?\n$/, '');
        } catch (error) {
            // The path is configuration, not a secret, and says which mount is missing.
            problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
            unreadable.push(name);
        }
    }
    return { values, problems, unreadable };
}
