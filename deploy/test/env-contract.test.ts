import { describe, expect, it } from 'vitest';

import { envWarnings, isKnownDefaultSecret, SECRET_SETTINGS } from './app-env';
import { effectiveEnv, mountedFile, plainEnv } from './rendered';
import { renderings } from './renderings';
import { roleContainers } from './roles';

describe.each(renderings())('$name: the environment of every role', ({ name, rendered, secrets }) => {
    const containers = roleContainers(rendered);
    const label = (c: (typeof containers)[number]) => `${c.deployment.metadata.name}/${c.container.name}`;

    it('covers the server, the worker and the migrate role', () => {
        expect(new Set(containers.map(c => c.role))).toEqual(new Set(['server', 'worker', 'migrate']));
    });

    it.each(containers.map(c => [label(c), c] as const))('%s passes the app\'s own env schema', (_, c) => {
        expect(() => c.app()).not.toThrow();
    });

    it('uses no renamed variable, so no role starts with a deprecation warning', () => {
        for (const c of containers) {
            expect(envWarnings(plainEnv(c.env)), label(c)).toEqual([]);
        }
    });

    it('queues jobs in Redis through BullMQ in every role, so no state stays in one process', () => {
        for (const c of containers) {
            const env = c.app();
            expect(env.JOB_QUEUE, label(c)).toBe('bullmq');
            expect(env.REDIS_HOST, label(c)).toMatch(/\S/);
            expect(env.NODE_ENV, label(c)).toBe('production');
        }
    });

    it('takes every secret of every role from the same generated Secret, as a file (NAME_FILE)', () => {
        const secret = rendered.generated('Secret', 'vendure-secrets');
        for (const c of containers) {
            const pod = c.deployment.spec.template.spec;
            for (const key of SECRET_SETTINGS) {
                expect(c.env.has(key), `${label(c)}: ${key} is not in the environment`).toBe(false);
                const file = c.env.get(`${key}_FILE`)?.value;
                expect(file, `${label(c)} ${key}_FILE`).toMatch(/^\//);
                const found = mountedFile(pod, c.container, file!);
                expect(found?.volume.secret?.secretName, `${label(c)}: ${file} is a key of the Secret`).toBe(secret.metadata.name);
                expect(found?.key, `${label(c)}: ${file}`).toBe(key);
                expect(found?.mount.readOnly, `${label(c)}: ${found?.mount.mountPath} read-only`).toBe(true);
            }
        }
    });

    it('makes the secret files readable by the app\'s group only, never by every user', () => {
        for (const c of containers) {
            const pod = c.deployment.spec.template.spec;
            const found = mountedFile(pod, c.container, c.env.get('COOKIE_SECRET_FILE')!.value)!;
            // Unset, the kubelet writes 0644. Secret files are root-owned, group = the pod's fsGroup.
            const mode: number = found.volume.secret.defaultMode;
            expect(mode & 0o007, `${label(c)}: no bits for others (mode ${mode.toString(8)})`).toBe(0);
            expect(mode & 0o040, `${label(c)}: group-readable (mode ${mode.toString(8)})`).toBe(0o040);
            expect(pod.securityContext.fsGroup, label(c)).toBeDefined();
            expect(pod.securityContext.fsGroup, `${label(c)}: the app's group owns the files`).toBe(pod.securityContext.runAsGroup);
        }
    });

    it('puts no secret value in any container\'s environment, and no Secret behind one', () => {
        const secret = rendered.generated('Secret', 'vendure-secrets');
        const values = Object.values(secret.data as Record<string, string>).map(v => Buffer.from(v, 'base64').toString());
        for (const { deployment, container } of rendered.containers()) {
            const where = `${deployment.metadata.name}/${container.name}`;
            expect((container.envFrom ?? []).filter((source: { secretRef?: unknown }) => source.secretRef), where).toEqual([]);
            expect((container.env ?? []).filter((entry: { valueFrom?: { secretKeyRef?: unknown } }) => entry.valueFrom?.secretKeyRef), where).toEqual([]);
            for (const [key, { value }] of effectiveEnv(rendered, container)) {
                expect(values.includes(value), `${where}: ${key} carries a secret value`).toBe(false);
            }
        }
    });

    it('signs session cookies with one secret everywhere, so any server accepts any session', () => {
        const cookieSecrets = new Set(containers.map(c => c.app().COOKIE_SECRET));
        expect(cookieSecrets.size).toBe(1);
    });

    it('keeps secrets out of ConfigMaps', () => {
        const secret = rendered.generated('Secret', 'vendure-secrets');
        const values = Object.values(secret.data as Record<string, string>).map(v => Buffer.from(v, 'base64').toString());
        for (const map of rendered.ofKind('ConfigMap')) {
            expect(Object.keys(map.data ?? {}).filter(key => (SECRET_SETTINGS as readonly string[]).includes(key))).toEqual([]);
            expect(Object.values(map.data ?? {}).filter(value => values.includes(String(value))), map.metadata.name).toEqual([]);
        }
    });

    it('gives every role the same settings, so no role talks to another database or Redis', () => {
        const fingerprint = (c: (typeof containers)[number]) => {
            const env = c.app();
            return [env.DB_HOST, env.DB_PORT, env.DB_NAME, env.DB_SCHEMA, env.REDIS_HOST, env.REDIS_PORT, env.REDIS_DB, env.REDIS_PREFIX].join('|');
        };
        expect(new Set(containers.map(fingerprint)).size).toBe(1);
    });

    it('mounts the asset directory from one ReadWriteMany volume in every role, or with S3 has no volume claim at all', () => {
        if (containers.some(c => c.app().ASSET_STORAGE === 's3')) {
            // overlays/s3: s3-assets.test.ts checks the rest of what that overlay promises.
            expect(containers.every(c => c.app().ASSET_STORAGE === 's3')).toBe(true);
            expect(rendered.ofKind('PersistentVolumeClaim')).toEqual([]);
            return;
        }
        const claims = new Set<string>();
        for (const c of containers) {
            const assetDir = c.app().ASSET_DIR;
            const mount = (c.container.volumeMounts ?? []).find((m: { mountPath: string }) => m.mountPath === assetDir);
            expect(mount, `${label(c)} mounts ${assetDir}`).toBeDefined();
            const volume = c.deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
            expect(volume.persistentVolumeClaim?.claimName, label(c)).toBeDefined();
            claims.add(volume.persistentVolumeClaim.claimName);
        }
        expect(claims.size).toBe(1);
        const claim = rendered.get('PersistentVolumeClaim', [...claims][0]);
        expect(claim.spec.accessModes).toContain('ReadWriteMany');
    });

    if (secrets) {
        it('carries exactly the operator\'s secrets, none of the base placeholders', () => {
            const secret = rendered.generated('Secret', 'vendure-secrets');
            const decoded = Object.fromEntries(
                Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
            );
            expect(decoded).toEqual(secrets);
        });
    } else {
        it(`${name} cannot run in production as it is: its secrets are public placeholders the app refuses`, () => {
            const env = containers[0].app();
            for (const key of ['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD'] as const) {
                expect(isKnownDefaultSecret(env[key]), key).toBe(true);
            }
        });
    }
});
