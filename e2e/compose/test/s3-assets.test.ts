import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
    adminSession,
    ComposeProject,
    containerOf,
    GraphQLClient,
    pngImage,
    pngSize,
    REPO_ROOT,
    run,
    uploadAsset,
    writeStackEnv,
    type StackEnv,
    type UploadedAsset,
} from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOG_DIR } from '../src/suite';

/**
 * compose.yaml with compose.s3.yaml on top, the local S3 API (s3rver) included: 4 servers behind
 * nginx, no asset volume in any app container. ComposeProject takes one compose file, so the pair
 * is given as one that includes both (compose merges an include's list of files as overrides).
 */
class S3Stack extends ComposeProject {
    override readonly composeFile: string;

    constructor(envFile: string, dir: string) {
        super(envFile, { logDir: LOG_DIR, namePrefix: 'vs-e2e-s3', env: { COMPOSE_PROFILES: 'local-s3' } });
        this.composeFile = path.join(dir, 'compose.yaml');
        const files = ['compose.yaml', 'compose.s3.yaml'].map(file => `      - ${path.join(REPO_ROOT, file)}`);
        writeFileSync(this.composeFile, `include:\n  - path:\n${files.join('\n')}\n`);
    }
}

const SERVERS = 4;
const APP_SERVICES = ['migrate', 'server', 'worker'];
const ASSET_DIR = '/tmp/vendure-assets';

let dir: string;
let env: StackEnv;
let stack: S3Stack;

beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vs-e2e-s3-'));
    env = await writeStackEnv('s3', { set: { S3_BUCKET: 'shop-assets' } });
    stack = new S3Stack(env.file, dir);
});

afterAll(async () => {
    await stack?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
});

async function get(pathAndQuery: string) {
    const res = await fetch(`${env.baseUrl}${pathAndQuery}`, { signal: AbortSignal.timeout(30_000) });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), instance: res.headers.get('x-vendure-instance') ?? '(none)' };
}

/**
 * GETs `pathAndQuery` through nginx until every server container has answered it (nginx spreads
 * the requests; bounded), each answer checked; returns the bodies by container.
 */
async function fromEveryServer(pathAndQuery: string, check: (body: Buffer) => void): Promise<Map<string, Buffer>> {
    const servers = (await stack.running('server')).map(s => s.ID.slice(0, 12));
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 80 && bodies.size < servers.length; i++) {
        const answer = await get(pathAndQuery);
        expect(answer.status, `${pathAndQuery} on ${answer.instance}`).toBe(200);
        check(answer.body);
        bodies.set(containerOf(answer.instance), answer.body);
    }
    expect([...bodies.keys()].sort()).toEqual(servers.sort());
    return bodies;
}

/**
 * Waits (bounded) until nginx reaches every running server container: after a recreate its
 * resolver still holds old addresses for a few seconds.
 */
async function untilEveryServerAnswers(): Promise<void> {
    const servers = (await stack.running('server')).map(s => s.ID.slice(0, 12));
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !servers.every(id => seen.has(id))) {
        const answer = await get('/health').catch(() => undefined);
        if (answer?.status === 200) seen.add(containerOf(answer.instance));
    }
    expect(servers.filter(id => !seen.has(id)), 'servers nginx never reached').toEqual([]);
}

describe('compose.yaml + compose.s3.yaml: assets on S3, 4 servers, no asset volume', () => {
    let uploaded: UploadedAsset;
    const original = pngImage(640, 480);
    const pathOf = (url: string) => new URL(url).pathname;

    it('S1. comes up with 4 healthy servers, the local S3 and the S3 key pair generated into the secrets volume', async () => {
        await stack.compose(['up', '--detach', '--build', '--scale', `server=${SERVERS}`, '--wait', '--wait-timeout', '600'], 900_000);
        const servers = await stack.containers('server');
        expect(servers.map(s => `${s.State}/${s.Health}`)).toEqual(Array(SERVERS).fill('running/healthy'));
        expect((await stack.containers('s3')).map(s => s.Health)).toEqual(['healthy']);
        for (const job of ['secrets', 's3-secrets', 'migrate']) {
            expect(await stack.containers(job), job).toMatchObject([{ State: 'exited', ExitCode: 0 }]);
        }
        expect(await stack.logs('s3-secrets')).toMatch(/s3_access_key_id: generated[\s\S]*s3_secret_access_key: generated/);
    }, 960_000);

    it('S2. mounts no asset volume in any app container: ASSET_DIR is on the /tmp tmpfs, secrets come as files', async () => {
        const secretKey = await stack.secret('s3_secret_access_key');
        expect(secretKey.length).toBeGreaterThan(20);
        for (const service of APP_SERVICES) {
            for (const container of await stack.containers(service)) {
                const { Mounts, HostConfig, Config } = await stack.inspect(container.ID);
                const where = `${service} ${container.Name}`;
                expect(Mounts.map((m: { Type: string; Destination: string }) => `${m.Type}:${m.Destination}`), where).toEqual(['volume:/run/secrets']);
                expect(Object.keys(HostConfig.Tmpfs ?? {}), where).toEqual(['/tmp']);
                expect(HostConfig.ReadonlyRootfs, where).toBe(true);
                expect(Config.Env, where).toContain(`ASSET_DIR=${ASSET_DIR}`);
                expect(Config.Env, where).toContain('ASSET_STORAGE=s3');
                expect(Config.Env, where).toContain('S3_SECRET_ACCESS_KEY_FILE=/run/secrets/s3_secret_access_key');
                expect(Config.Env.join('\n'), `${where}: no secret value in the environment`).not.toContain(secretKey);
            }
        }
    });

    it('S3. serves the sample images the migrate job stored in the bucket, from every server', async () => {
        const shop = new GraphQLClient(`${env.baseUrl}/shop-api`);
        const { data } = await shop.request(`{ products(options: { take: 1 }) { items { featuredAsset { preview } } } }`);
        const preview: string = data.products.items[0].featuredAsset.preview;
        expect(preview.startsWith(`${env.baseUrl}/assets/preview/`)).toBe(true);
        const bodies = await fromEveryServer(pathOf(preview), body => expect(body.length).toBeGreaterThan(1000));
        expect(new Set([...bodies.values()].map(b => b.toString('base64'))).size).toBe(1);
    });

    it('S4. takes an upload (multipart createAssets) on whichever server answers; every other one serves it and its resize', async () => {
        const admin = await adminSession(env.baseUrl, env.superadmin.username, env.superadmin.password);
        uploaded = await uploadAsset(`${env.baseUrl}/admin-api`, admin.token!, { name: `s3-compose-${Date.now()}.png`, type: 'image/png', content: original });
        expect(uploaded.source.startsWith(`${env.baseUrl}/assets/source/`)).toBe(true);
        const uploadedOn = containerOf(uploaded.instance);

        const originals = await fromEveryServer(pathOf(uploaded.source), body => expect(body.equals(original)).toBe(true));
        expect([...originals.keys()].filter(id => id !== uploadedOn)).toHaveLength(SERVERS - 1);
        const thumbs = await fromEveryServer(`${pathOf(uploaded.preview)}?preset=thumb`, body => expect(pngSize(body)).toEqual({ width: 150, height: 150 }));
        expect(new Set([...thumbs.values()].map(b => b.toString('base64'))).size).toBe(1);
    });

    it('S5. after every server is replaced by a new container, the upload and its resize are still there', async () => {
        const before = (await stack.containers('server')).map(s => s.ID).sort();
        await stack.compose(['up', '--detach', '--no-deps', '--force-recreate', '--scale', `server=${SERVERS}`, '--wait', '--wait-timeout', '300', 'server'], 360_000);
        const after = (await stack.containers('server')).map(s => s.ID).sort();
        expect(after).toHaveLength(SERVERS);
        expect(after.filter(id => before.includes(id))).toEqual([]);
        await untilEveryServerAnswers();
        await fromEveryServer(pathOf(uploaded.source), body => expect(body.equals(original)).toBe(true));
        await fromEveryServer(`${pathOf(uploaded.preview)}?preset=thumb`, body => expect(pngSize(body)).toEqual({ width: 150, height: 150 }));
    }, 420_000);

    it('S6. keeps no asset file in any server container', async () => {
        for (let index = 1; index <= SERVERS; index++) {
            const { stdout } = await stack.compose(['exec', '-T', '--index', String(index), 'server', 'find', ASSET_DIR, '-type', 'f'], 30_000);
            expect(stdout.trim(), `server #${index}`).toBe('');
        }
    });

    it('S7. a bad S3 setting stops a container once, with one message (the preflight tries the bucket before pm2 starts)', async () => {
        const runServer = (overrides: Record<string, string>) =>
            stack.tryCompose(['run', '--rm', '--no-deps', '-T', ...Object.entries(overrides).flatMap(([k, v]) => ['-e', `${k}=${v}`]), 'server'], 120_000);
        const missing = await runServer({ S3_BUCKET: 'no-such-bucket' });
        const output = `${missing.stdout}\n${missing.stderr}`;
        expect(missing.code, output).toBe(1);
        expect(output).toContain('Refusing to start: ASSET_STORAGE=s3, but the bucket "no-such-bucket" at http://s3:4568 cannot be used: could not find the bucket: it does not exist');
        expect(output.match(/Refusing to start/g)).toHaveLength(1);

        const unreachable = await runServer({ S3_ENDPOINT: 'http://nothing-here:4568' });
        expect(unreachable.code).toBe(1);
        expect(`${unreachable.stdout}\n${unreachable.stderr}`).toMatch(/at http:\/\/nothing-here:4568 cannot be used: could not find the bucket: cannot reach it \((ENOTFOUND|EAI_AGAIN)\)/);
    });

    it('S8. the documented move command copies a volume into the bucket, and the copies are served at their identifiers', async () => {
        // A volume with a file as ASSET_STORAGE=local leaves it (written as root here only because a
        // volume Docker creates on first mount belongs to root; the command reads it as node).
        const volume = `${stack.name}_old_assets`;
        const key = 'source/3f/moved-from-the-volume.png';
        const moved = pngImage(32, 32, [10, 200, 30]);
        await stack.compose(
            ['run', '--rm', '--no-deps', '-T', '-u', 'root', '-v', `${volume}:/mnt/assets-volume`, 'migrate', 'node', '-e',
                `const fs = require('fs'); fs.mkdirSync('/mnt/assets-volume/source/3f', { recursive: true }); fs.writeFileSync('/mnt/assets-volume/${key}', Buffer.from('${moved.toString('base64')}', 'base64'));`],
            120_000,
        );
        try {
            // docs/scaling-beyond-one-host.md, "Moving the assets of a running shop".
            const copy = await stack.compose(
                ['run', '--rm', '--no-deps', '-T', '-v', `${volume}:/mnt/assets-volume:ro`, 'migrate', 'node', 'packages/shop/dist/assets/copy-assets-to-s3-command.js', '/mnt/assets-volume'],
                120_000,
            );
            expect(copy.stdout).toContain('1 files: 1 copied, 0 already in the bucket, 0 failed');
            await fromEveryServer(`/assets/${key}`, body => expect(body.equals(moved)).toBe(true));
        } finally {
            await run('docker', ['volume', 'rm', '-f', volume], 60_000);
        }
    });
});
