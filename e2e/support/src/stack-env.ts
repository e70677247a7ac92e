import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './free-port';

export interface StackEnv {
    file: string;
    port: number;
    /** Where the suite reaches nginx; also the stack's PUBLIC_URL, so asset URLs point here. */
    baseUrl: string;
    superadmin: { username: string; password: string };
}

export interface StackEnvOptions {
    /** Settings to leave out of the file. */
    omit?: string[];
    /** Settings to add, or to set instead of the ones written here (nginx limits, say). */
    set?: Record<string, string>;
}

/**
 * An env file for compose.yaml as an operator would write it: production mode, so that the
 * cluster guard is on, nginx published on 127.0.0.1 only, and a superadmin password of the
 * operator's own. The other secrets are left to the stack's `secrets` job, which generates them
 * into its volume. `suite` names the image (`vendure-scale:<suite>`: each suite builds its own,
 * sharing BuildKit's cache) and the temp dir.
 */
export async function writeStackEnv(suite: string, { omit = [], set = {} }: StackEnvOptions = {}): Promise<StackEnv> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const superadmin = { username: 'superadmin', password: `sa-${randomBytes(18).toString('hex')}` };
    const values: Record<string, string> = {
        NODE_ENV: 'production',
        SUPERADMIN_USERNAME: superadmin.username,
        SUPERADMIN_PASSWORD: superadmin.password,
        SEED_SAMPLE_DATA: 'true',
        // The suites tell instances apart by it.
        INSTANCE_HEADER: 'true',
        HTTP_BIND: '127.0.0.1',
        HTTP_PORT: String(port),
        PUBLIC_URL: baseUrl,
        VENDURE_IMAGE: `vendure-scale:${suite}`,
        ...set,
    };
    const lines = Object.entries(values)
        .filter(([name]) => !omit.includes(name))
        .map(([name, value]) => `${name}=${value}`);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), `vs-${suite}-`)), '.env');
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    // Omitted, the password is the stack's own: read it from /run/secrets/superadmin_password.
    const password = omit.includes('SUPERADMIN_PASSWORD') ? '' : values.SUPERADMIN_PASSWORD;
    return { file, port, baseUrl, superadmin: { username: values.SUPERADMIN_USERNAME, password } };
}
