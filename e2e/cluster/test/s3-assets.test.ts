import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { freePort, GraphQLSession, pngImage, pngSize, uploadAsset, type UploadedAsset } from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RoleProcess } from '../src/role-process';
import { appEntry, TestCluster } from '../src/test-cluster';

/**
 * Assets on S3 with two server processes that share no directory: each has an ASSET_DIR of its
 * own (holding nothing but the asset server's empty cache directory), and every file goes to a
 * real S3 API, s3rver in a process of its own (docker/s3/serve.cjs, as compose.s3.yaml runs it).
 * The shop starts on a local asset directory, as every shop does, and moves to the bucket with the
 * copy command first: the URLs Vendure built before the move must keep working after it.
 */

const REPO = path.resolve(__dirname, '../../..');
const S3_SERVER = path.join(REPO, 'docker/s3/serve.cjs');
const COPY_COMMAND = require.resolve('@vendure-scale/shop/dist/assets/copy-assets-to-s3-command.js');
const BUCKET = 'shop-assets';

let cluster: TestCluster;
let s3: RoleProcess;
let s3Env: Record<string, string>;
/** What ASSET_STORAGE=local used: the "volume" the assets move out of. */
let volumeDir: string;
const servers: Array<{ name: string; url: string; process?: RoleProcess; assetDir?: string }> = [];

/** Runs a role (the shared environment plus `env`) to its end and returns its exit code and output. */
async function runToEnd(name: string, entry: string, env: Record<string, string>): Promise<{ code: number | null; logs: string }> {
    const role = cluster.spawn(name, entry, env);
    const code = await role.waitForExit(240_000);
    return { code, logs: role.logs };
}

/** The copy command as an operator runs it: the app's environment, the old asset directory as its argument. */
function copyCommand(env: Record<string, string>, dir: string): Promise<{ code: number | null; logs: string }> {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, [COPY_COMMAND, dir], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 240_000 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
            if (error && code === null) reject(error);
            else resolve({ code, logs: `${stdout}${stderr}` });
        });
    });
}

/** A server on its own port with an ASSET_DIR nobody else uses, started fresh. */
async function startServer(i: number): Promise<void> {
    const server = servers[i];
    server.assetDir = cluster.tempDir(`vs-${server.name}-`);
    const port = new URL(server.url).port;
    server.process = cluster.spawn(server.name, appEntry('server', 'main.js'), { ...s3Env, PORT: port, ASSET_DIR: server.assetDir });
    await server.process.waitForHealth(`${server.url}/health`, 120_000);
}

async function get(url: string): Promise<{ status: number; body: Buffer; type: string | null; instance: string | null }> {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type'), instance: res.headers.get('x-vendure-instance') };
}

/** The same asset path on another server: URLs carry the host that built them. */
const on = (i: number, url: string) => `${servers[i].url}${new URL(url).pathname}${new URL(url).search}`;

/** Every regular file below `dir`. */
const filesIn = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile()).map(e => e.name);

beforeAll(async () => {
    cluster = await TestCluster.start('s3', { INSTANCE_HEADER: 'true' });
    const s3Port = await freePort();
    const accessKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(24).toString('base64url');
    s3 = cluster.spawn('s3', S3_SERVER, {
        S3_ADDRESS: '127.0.0.1',
        S3_PORT: String(s3Port),
        S3_DATA_DIR: cluster.tempDir('vs-s3-data-'),
        S3_BUCKETS: BUCKET,
        S3_ACCESS_KEY_ID: accessKeyId,
        S3_SECRET_ACCESS_KEY: secretAccessKey,
    });
    await s3.waitForHealth(`http://127.0.0.1:${s3Port}/`);
    s3Env = {
        ASSET_STORAGE: 's3',
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: accessKeyId,
        S3_SECRET_ACCESS_KEY: secretAccessKey,
    };
    volumeDir = cluster.tempDir('vs-asset-volume-');
    const ports = await Promise.all([freePort(), freePort()]);
    servers.push({ name: 'server-A', url: `http://127.0.0.1:${ports[0]}` }, { name: 'server-B', url: `http://127.0.0.1:${ports[1]}` });
});

afterAll(async () => {
    await cluster?.stop();
});

describe('assets on S3, two servers sharing no directory', () => {
    let seededPreview: string;
    let uploaded: UploadedAsset;
    const original = pngImage(640, 480);

    it('0. a shop that began on a local asset directory is seeded there (ASSET_STORAGE=local)', async () => {
        const migrate = await runToEnd('migrate', appEntry('server', 'migrate.js'), { ASSET_STORAGE: 'local', ASSET_DIR: volumeDir, SEED_SAMPLE_DATA: 'true' });
        expect(migrate.code, migrate.logs).toBe(0);
        expect(filesIn(path.join(volumeDir, 'source')).length).toBeGreaterThan(10);
    }, 300_000);

    it('1. the copy command moves every original and preview into the bucket; run again, it copies nothing', async () => {
        const first = await copyCommand({ ...cluster.env, ...s3Env }, volumeDir);
        expect(first.code, first.logs).toBe(0);
        const files = filesIn(path.join(volumeDir, 'source')).length + filesIn(path.join(volumeDir, 'preview')).length;
        expect(first.logs).toContain(`${files} files: ${files} copied, 0 already in the bucket, 0 failed`);
        const again = await copyCommand({ ...cluster.env, ...s3Env }, volumeDir);
        expect(again.code, again.logs).toBe(0);
        expect(again.logs).toContain(`${files} files: 0 copied, ${files} already in the bucket, 0 failed`);
    }, 300_000);

    it('2. two servers start on the bucket (ASSET_STORAGE=s3), each with an ASSET_DIR of its own', async () => {
        await Promise.all([startServer(0), startServer(1)]);
    }, 300_000);

    it('3. serves the assets Vendure stored before the move, at the URLs it built before, on both servers', async () => {
        const { data } = await new GraphQLSession().query(`${servers[0].url}/shop-api`, '{ products(options: { take: 1, sort: { name: ASC } }) { items { featuredAsset { source preview } } } }');
        seededPreview = data.products.items[0].featuredAsset.preview;
        const relative = new URL(seededPreview).pathname.replace(/^\/assets\//, '');
        const onDisk = readFileSync(path.join(volumeDir, decodeURIComponent(relative)));
        for (const i of [0, 1]) {
            const answer = await get(on(i, seededPreview));
            expect(answer.status, on(i, seededPreview)).toBe(200);
            expect(answer.instance).toBe(servers[i].name);
            expect(answer.body.equals(onDisk)).toBe(true);
        }
    });

    it('4. takes an upload (multipart createAssets) on A; B serves the original and resizes it', async () => {
        const admin = new GraphQLSession('bearer');
        await admin.query(`${servers[0].url}/admin-api`, 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } } }', {
            u: cluster.superadmin.username,
            p: cluster.superadmin.password,
        });
        uploaded = await uploadAsset(`${servers[0].url}/admin-api`, admin.token!, { name: `s3-proof-${Date.now()}.png`, type: 'image/png', content: original });
        expect(uploaded.instance).toBe('server-A');
        expect(uploaded.source).toMatch(/\/assets\/source\/[0-9a-f]{2}\/s3-proof-\d+\.png$/);

        const source = await get(on(1, uploaded.source));
        expect(source.instance).toBe('server-B');
        expect(source.status).toBe(200);
        expect(source.body.equals(original)).toBe(true);

        // Resized on B (and kept in the bucket's cache/), then served from there by A.
        const thumbOnB = await get(on(1, `${uploaded.preview}?preset=thumb`));
        expect(thumbOnB.status).toBe(200);
        expect(pngSize(thumbOnB.body)).toEqual({ width: 150, height: 150 });
        const thumbOnA = await get(on(0, `${uploaded.preview}?preset=thumb`));
        expect(thumbOnA.instance).toBe('server-A');
        expect(thumbOnA.body.equals(thumbOnB.body)).toBe(true);
    });

    it('5. after every server restarts, on fresh directories, every asset is still there', async () => {
        await Promise.all(servers.map(s => s.process!.stop()));
        for (const server of servers) rmSync(server.assetDir!, { recursive: true, force: true });
        await Promise.all([startServer(0), startServer(1)]);
        for (const i of [0, 1]) {
            const source = await get(on(i, uploaded.source));
            expect(source.status).toBe(200);
            expect(source.body.equals(original)).toBe(true);
            const thumb = await get(on(i, `${uploaded.preview}?preset=small`));
            expect(thumb.status).toBe(200);
            expect(pngSize(thumb.body)).toEqual({ width: 300, height: 225 });
            expect((await get(on(i, seededPreview))).status).toBe(200);
        }
    }, 300_000);

    it('6. kept no asset file on any server: each ASSET_DIR holds nothing but an empty cache directory', () => {
        for (const server of servers) {
            expect(readdirSync(server.assetDir!)).toEqual(['cache']);
            expect(filesIn(server.assetDir!)).toEqual([]);
        }
    });
});

describe('a bad S3 setting stops every role at start-up, with one message', () => {
    it.each([
        ['server', 'main.js', { S3_BUCKET: 'no-such-bucket' }, /the bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ cannot be used: could not find the bucket: it does not exist/],
        ['worker', 'main.js', { S3_ACCESS_KEY_ID: 'AKIDUNKNOWN' }, /the bucket "shop-assets" at \S+ cannot be used: could not find the bucket: access denied \(\w+, HTTP 403\): check S3_ACCESS_KEY_ID/],
        ['migrate', 'migrate.js', { S3_ENDPOINT: 'http://127.0.0.1:9' }, /the bucket "shop-assets" at http:\/\/127\.0\.0\.1:9 cannot be used: could not find the bucket: cannot reach it \(ECONNREFUSED\)/],
    ] as const)('%s', async (role, file, bad, expected) => {
        const app = role === 'worker' ? 'worker' : 'server';
        const port = await freePort();
        const { code, logs } = await runToEnd(`${role}-bad-s3`, appEntry(app, file), {
            ...s3Env,
            ...bad,
            PORT: String(port),
            WORKER_HEALTH_PORT: String(port),
            ASSET_DIR: cluster.tempDir(`vs-${role}-bad-`),
        });
        expect(code, logs).toBe(1);
        expect(logs).toMatch(new RegExp(`^Refusing to start: ASSET_STORAGE=s3, but ${expected.source}`, 'm'));
        // The message alone, once: no stack trace to dig it out of.
        expect(logs.match(/Refusing to start/g)).toHaveLength(1);
        expect(logs).not.toMatch(/^\s+at /m);
    });
});
