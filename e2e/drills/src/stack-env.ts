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

function freeLoopbackPort(): Promise<number> {
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
 * The env file an operator would write, with fresh secrets: production mode (the cluster guard
 * on), nginx published on 127.0.0.1 only, and the instance header on, since the drills tell
 * instances apart by it.
 */
export async function writeStackEnv(): Promise<StackEnv> {
    const port = await freeLoopbackPort();
    const superadmin = { username: 'superadmin', password: secret('sa') };
    const values: Record<string, string> = {
        NODE_ENV: 'production',
        COOKIE_SECRET: secret('cookie'),
        SUPERADMIN_USERNAME: superadmin.username,
        SUPERADMIN_PASSWORD: superadmin.password,
        DB_PASSWORD: secret('db'),
        REDIS_PASSWORD: secret('redis'),
        SEED_SAMPLE_DATA: 'true',
        INSTANCE_HEADER: 'true',
        HTTP_BIND: '127.0.0.1',
        HTTP_PORT: String(port),
        VENDURE_IMAGE: 'vendure-scale:drills',
    };
    const lines = Object.entries(values).map(([name, value]) => `${name}=${value}`);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vs-drills-')), '.env');
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    return { file, port, baseUrl: `http://127.0.0.1:${port}`, superadmin };
}
