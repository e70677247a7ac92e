import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './free-port';

const secret = (prefix: string) => `${prefix}-${randomBytes(18).toString('hex')}`;

export interface StackEnv {
    file: string;
    port: number;
    baseUrl: string;
    superadmin: { username: string; password: string };
}

/**
 * An env file for compose.yaml as an operator would write it, with fresh secrets: production mode,
 * so that the cluster guard is on, and nginx published on 127.0.0.1 only. `suite` names the image
 * (`vendure-scale:<suite>`: each suite builds its own, sharing BuildKit's cache) and the temp
 * dir; `omit` leaves settings out, for the tests of a missing one.
 */
export async function writeStackEnv(suite: string, omit: string[] = []): Promise<StackEnv> {
    const port = await freePort();
    const superadmin = { username: 'superadmin', password: secret('sa') };
    const values: Record<string, string> = {
        NODE_ENV: 'production',
        COOKIE_SECRET: secret('cookie'),
        SUPERADMIN_USERNAME: superadmin.username,
        SUPERADMIN_PASSWORD: superadmin.password,
        DB_PASSWORD: secret('db'),
        REDIS_PASSWORD: secret('redis'),
        SEED_SAMPLE_DATA: 'true',
        // The suites tell instances apart by it.
        INSTANCE_HEADER: 'true',
        HTTP_BIND: '127.0.0.1',
        HTTP_PORT: String(port),
        VENDURE_IMAGE: `vendure-scale:${suite}`,
    };
    const lines = Object.entries(values)
        .filter(([name]) => !omit.includes(name))
        .map(([name, value]) => `${name}=${value}`);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), `vs-${suite}-`)), '.env');
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    return { file, port, baseUrl: `http://127.0.0.1:${port}`, superadmin };
}
