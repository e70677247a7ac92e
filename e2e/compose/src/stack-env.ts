import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const secret = (prefix: string) => `${prefix}-${randomBytes(18).toString('hex')}`;

export interface StackEnv {
    file: string;
    port: number;
    baseUrl: string;
    superadmin: { username: string; password: string };
}

/** A free port on the loopback interface, for nginx to publish. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
        });
    });
}

/**
 * An env file as an operator would write it, with fresh secrets: production mode, so that the
 * cluster guard is on, and nginx published on 127.0.0.1 only.
 */
export async function writeStackEnv(omit: string[] = []): Promise<StackEnv> {
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
        // The tests tell instances apart by it.
        INSTANCE_HEADER: 'true',
        HTTP_BIND: '127.0.0.1',
        HTTP_PORT: String(port),
        VENDURE_IMAGE: 'vendure-scale:e2e',
    };
    const lines = Object.entries(values)
        .filter(([name]) => !omit.includes(name))
        .map(([name, value]) => `${name}=${value}`);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vs-e2e-')), '.env');
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    return { file, port, baseUrl: `http://127.0.0.1:${port}`, superadmin };
}
