import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { adminSession, ComposeProject, freePort, REPO_ROOT } from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOG_DIR, SUITE } from '../src/suite';

const EXAMPLE = path.join(REPO_ROOT, '.env.example');

let dir: string;
let envFile: string;
let port: number;
let project: ComposeProject;

beforeAll(async () => {
    // `cp .env.example .env`, byte for byte.
    dir = mkdtempSync(path.join(os.tmpdir(), 'vs-quick-start-'));
    envFile = path.join(dir, '.env');
    copyFileSync(EXAMPLE, envFile);
    port = await freePort();
    // What differs from the README's own machine is only what a shell may set: a free port on
    // loopback, and the suite's image tag (the same build, cached).
    project = new ComposeProject(envFile, {
        logDir: LOG_DIR,
        env: { HTTP_PORT: String(port), HTTP_BIND: '127.0.0.1', VENDURE_IMAGE: `vendure-scale:${SUITE}` },
    });
});

afterAll(async () => {
    await project?.down();
    rmSync(dir, { recursive: true, force: true });
});

describe('the README\'s quick start, with .env.example as it is', () => {
    it('Q1. `docker compose up --build --scale server=4` comes up healthy, in production mode, with generated secrets', async () => {
        await project.compose(['up', '--build', '--scale', 'server=4', '--detach', '--wait', '--wait-timeout', '600'], 900_000);
        expect(readFileSync(envFile, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'));

        const servers = await project.containers('server');
        expect(servers.map(s => `${s.State}/${s.Health}`)).toEqual(Array(4).fill('running/healthy'));
        expect((await project.containers('worker')).map(w => `${w.State}/${w.Health}`)).toEqual(['running/healthy']);
        expect((await project.containers('nginx')).map(n => n.Health)).toEqual(['healthy']);
        for (const job of ['secrets', 'migrate']) {
            expect(await project.containers(job), job).toMatchObject([{ State: 'exited', ExitCode: 0 }]);
        }
        const { Config } = await project.inspect(servers[0].ID);
        expect(Config.Env).toContain('NODE_ENV=production');
    }, 960_000);

    it('Q2. logs in with the generated superadmin password, read as the README says, and serves the sample shop', async () => {
        const baseUrl = `http://127.0.0.1:${port}`;
        // docker compose exec server cat /run/secrets/superadmin_password
        const password = await project.secret('superadmin_password');
        expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const admin = await adminSession(baseUrl, 'superadmin', password);
        const { data: me } = await admin.request(`{ activeAdministrator { emailAddress } }`);
        expect(me.activeAdministrator.emailAddress).toBe('superadmin');

        const res = await fetch(`${baseUrl}/shop-api`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ products(options: { take: 1 }) { totalItems items { featuredAsset { preview } } } }' }),
            signal: AbortSignal.timeout(30_000),
        });
        const { data } = (await res.json()) as { data: { products: { totalItems: number; items: Array<{ featuredAsset: { preview: string } }> } } };
        expect(data.products.totalItems).toBeGreaterThan(0);
        // PUBLIC_URL's default follows HTTP_PORT.
        expect(data.products.items[0].featuredAsset.preview.startsWith(`http://localhost:${port}/assets/`)).toBe(true);
        // Production leaves the instance header off.
        expect(res.headers.get('x-vendure-instance')).toBeNull();
    });
});
