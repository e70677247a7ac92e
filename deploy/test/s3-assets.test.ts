import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { readEnv } from '@vendure-scale/cluster/dist/env/read-env';
import { shopEnvProblems, shopEnvShape, shopSecretSettings } from '@vendure-scale/shop/dist/shop-env';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { COMPOSE_FILE, STAND_IN_SECRET } from './compose-render';
import { buildOverlay, operatorSecrets } from './kustomize';
import { mountedFile, parseRendered, plainEnv, Rendered } from './rendered';
import { roleContainers } from './roles';
import { REPO_ROOT } from './shutdown-timings';
import { STACK_FILE } from './swarm-stack';

/**
 * ASSET_STORAGE=s3 on every platform: compose.s3.yaml, deploy/swarm/stack.s3.yaml and the
 * Kubernetes overlay `s3`. In each: no app container mounts an asset volume, the environment passes
 * the app's own env schema (the shop's settings and the rules between them included), and the S3
 * key pair comes from the platform's secrets, as files.
 */

const APP_ROLES = ['migrate', 'server', 'worker'];
const S3_SECRETS = ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

type Service = { environment?: Record<string, string>; volumes?: Array<Record<string, any>>; secrets?: Array<Record<string, any>>; [key: string]: any };

/** The environment as the roles read it, every NAME_FILE through `readFile`, then the rules between settings. */
function appEnv(source: Record<string, string | undefined>, readFile: (file: string) => string) {
    const env = readEnv(source, { extend: shopEnvShape, secretSettings: shopSecretSettings, readFile });
    expect(shopEnvProblems(env)).toEqual([]);
    return env;
}

/** The CLI's rendering of several compose files merged, with a bare environment. */
function render(command: string[], env: Record<string, string> = {}): { services: Record<string, Service>; volumes?: Record<string, unknown>; secrets?: Record<string, any> } {
    const result = spawnSync('docker', command, { encoding: 'utf8', cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 });
    if (result.error || result.status !== 0) {
        throw new Error(`docker ${command.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
    }
    return command.includes('json') ? JSON.parse(result.stdout) : parse(result.stdout);
}

/** Mounts that keep data beyond the container: named volumes and host directories. */
const persistentMounts = (service: Service) => (service.volumes ?? []).filter(v => v.type === 'volume' || v.type === 'bind');

describe('compose.yaml + compose.s3.yaml', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vendure-compose-s3-'));
    const envFile = path.join(dir, 'empty.env');
    writeFileSync(envFile, '');
    const S3_COMPOSE = path.join(REPO_ROOT, 'compose.s3.yaml');
    const project = (() => {
        try {
            return render(['compose', '-f', COMPOSE_FILE, '-f', S3_COMPOSE, '--env-file', envFile, '--profile', 'local-s3', 'config', '--format', 'json']);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    })();

    it.each(APP_ROLES)('%s mounts nothing but the secrets, and keeps ASSET_DIR on its /tmp tmpfs', role => {
        const service = project.services[role];
        expect(service.volumes!.map(v => `${v.type}:${v.source}:${v.target}${v.read_only ? ':ro' : ''}`)).toEqual(['volume:secrets:/run/secrets:ro']);
        expect(service.environment!.ASSET_DIR).toMatch(/^\/tmp\/./);
        expect(service.tmpfs).toEqual([expect.stringMatching(/^\/tmp(:|$)/)]);
        expect(service.read_only).toBe(true);
    });

    it('declares no asset volume at all, so `down -v` cannot take the old one with it', () => {
        expect(Object.keys(project.volumes ?? {})).not.toContain('assets');
    });

    it.each(APP_ROLES)("%s: the environment passes the app's env schema, ASSET_STORAGE=s3 on the local S3", role => {
        const source = project.services[role].environment!;
        const env = appEnv(source, () => STAND_IN_SECRET);
        expect(env).toMatchObject({ ASSET_STORAGE: 's3', S3_BUCKET: 'vendure-assets', S3_ENDPOINT: 'http://s3:4568', S3_FORCE_PATH_STYLE: true });
    });

    it.each(APP_ROLES)('%s takes the S3 key pair from the secrets volume as files, never as values', role => {
        const source = project.services[role].environment!;
        for (const name of S3_SECRETS) {
            expect(source[name], name).toBeUndefined();
            expect(source[`${name}_FILE`], name).toBe(`/run/secrets/${name.toLowerCase()}`);
        }
        expect(project.services[role].depends_on['s3-secrets']).toMatchObject({ condition: 'service_completed_successfully' });
    });

    it('writes the key pair into the secrets volume in a job without network, after the secrets job', () => {
        const job = project.services['s3-secrets'];
        expect(job.network_mode).toBe('none');
        expect(job.volumes!.map(v => v.target)).toContain('/run/secrets');
        expect(job.depends_on.secrets).toMatchObject({ condition: 'service_completed_successfully' });
    });

    it('runs the local S3 (s3rver) from the Node image, on the internal network only, behind a profile', () => {
        const s3 = project.services.s3;
        expect(s3.profiles).toEqual(['local-s3']);
        expect(Object.keys(s3.networks)).toEqual(['backend']);
        expect(s3.ports ?? []).toEqual([]);
        expect(readFileSync(path.join(s3.build.context, 'Dockerfile'), 'utf8')).toMatch(/^FROM \$\{NODE_IMAGE\}$/m);
        expect(readFileSync(path.join(s3.build.context, 'Dockerfile'), 'utf8')).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
        expect(s3.environment!.S3_ACCESS_KEY_ID_FILE).toBe('/run/secrets/s3_access_key_id');
    });
});

describe('deploy/swarm/stack.yaml + stack.s3.yaml', () => {
    const S3_STACK = path.join(REPO_ROOT, 'deploy/swarm/stack.s3.yaml');
    const stack = render(['stack', 'config', '-c', STACK_FILE, '-c', S3_STACK]);

    it.each(APP_ROLES)('%s mounts no volume at all (the old asset path gets a tmpfs), and keeps ASSET_DIR on its /tmp tmpfs', role => {
        const service = stack.services[role];
        expect(persistentMounts(service)).toEqual([]);
        expect(service.volumes!.find(v => v.target === '/var/lib/vendure/assets')?.type).toBe('tmpfs');
        expect(service.environment!.ASSET_DIR).toMatch(/^\/tmp\/./);
        expect(service.volumes!.find(v => v.target === '/tmp')?.type).toBe('tmpfs');
        expect(service.read_only).toBe(true);
    });

    it.each(APP_ROLES)("%s: the environment passes the app's env schema, with ASSET_STORAGE=s3", role => {
        const env = appEnv(stack.services[role].environment!, () => STAND_IN_SECRET);
        expect(env).toMatchObject({ ASSET_STORAGE: 's3', S3_BUCKET: 'vendure-assets', S3_REGION: 'us-east-1' });
        // Empty means unset: AWS S3 itself.
        expect(env.S3_ENDPOINT).toBeUndefined();
    });

    it.each(APP_ROLES)('%s takes the S3 key pair from Swarm secrets created outside the stack, readable by the app user only', role => {
        const service = stack.services[role];
        for (const name of S3_SECRETS) {
            expect(service.environment![name], name).toBeUndefined();
            const file = service.environment![`${name}_FILE`];
            const secret = service.secrets!.find(s => `/run/secrets/${s.target}` === file);
            expect(secret, `${name}_FILE=${file} is a mounted secret`).toBeDefined();
            expect(secret).toMatchObject({ uid: '1000', gid: '1000', mode: 0o400 });
            expect(stack.secrets![secret!.source]).toMatchObject({ external: true });
        }
    });
});

describe('the Kubernetes overlay s3', () => {
    const secrets = { ...operatorSecrets(), S3_ACCESS_KEY_ID: `AK${randomBytes(9).toString('hex').toUpperCase()}`, S3_SECRET_ACCESS_KEY: randomBytes(30).toString('base64url') };
    const rendered = new Rendered(parseRendered(buildOverlay('s3', secrets)));
    const containers = roleContainers(rendered);
    const label = (c: (typeof containers)[number]) => `${c.deployment.metadata.name}/${c.container.name}`;

    it('renders no PersistentVolumeClaim at all, and no pod refers to one', () => {
        expect(rendered.ofKind('PersistentVolumeClaim')).toEqual([]);
        for (const deployment of rendered.ofKind('Deployment')) {
            const volumes = deployment.spec.template.spec.volumes as Array<Record<string, unknown>>;
            expect(volumes.filter(v => v.persistentVolumeClaim), deployment.metadata.name).toEqual([]);
        }
    });

    it('covers every role, each mounting nothing at the old asset path and ASSET_DIR on its /tmp emptyDir', () => {
        expect(new Set(containers.map(c => c.role))).toEqual(new Set(APP_ROLES));
        for (const c of containers) {
            const assetDir = appEnv(plainEnv(c.env), c.readFile).ASSET_DIR;
            const mounts = (c.container.volumeMounts ?? []) as Array<{ name: string; mountPath: string }>;
            expect(mounts.map(m => m.mountPath), label(c)).not.toContain('/var/lib/vendure/assets');
            const holder = mounts.find(m => assetDir.startsWith(`${m.mountPath}/`));
            const volume = c.deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === holder?.name);
            expect(volume?.emptyDir, `${label(c)}: ${assetDir} is on an emptyDir`).toBeDefined();
        }
    });

    it("passes the app's env schema in every role, with ASSET_STORAGE=s3 and the operator's key pair", () => {
        for (const c of containers) {
            const env = appEnv(plainEnv(c.env), c.readFile);
            expect(env.ASSET_STORAGE, label(c)).toBe('s3');
            expect(env.S3_BUCKET, label(c)).toMatch(/\S/);
            expect(env.S3_ACCESS_KEY_ID, label(c)).toBe(secrets.S3_ACCESS_KEY_ID);
            expect(env.S3_SECRET_ACCESS_KEY, label(c)).toBe(secrets.S3_SECRET_ACCESS_KEY);
        }
    });

    it('takes the S3 key pair from the Secret as read-only files, never as environment values', () => {
        const secret = rendered.generated('Secret', 'vendure-secrets');
        for (const c of containers) {
            const pod = c.deployment.spec.template.spec;
            for (const name of S3_SECRETS) {
                expect(c.env.has(name), `${label(c)}: ${name} in the environment`).toBe(false);
                const found = mountedFile(pod, c.container, c.env.get(`${name}_FILE`)!.value);
                expect(found?.volume.secret?.secretName, `${label(c)} ${name}_FILE`).toBe(secret.metadata.name);
                expect(found?.key).toBe(name);
                expect(found?.mount.readOnly).toBe(true);
            }
        }
        for (const [key, { value }] of containers.flatMap(c => [...c.env])) {
            expect(value, key).not.toBe(secrets.S3_SECRET_ACCESS_KEY);
        }
    });

    it("does not render without the operator's secrets.env", () => {
        expect(() => buildOverlay('s3')).toThrow(/secrets\.env/);
    });
});
