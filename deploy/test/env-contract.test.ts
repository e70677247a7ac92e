import { describe, expect, it } from 'vitest';

import { isKnownDefaultSecret, SECRET_SETTINGS } from './app-env';
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

    it('queues jobs in Redis through BullMQ in every role, so no state stays in one process', () => {
        for (const c of containers) {
            const env = c.app();
            expect(env.JOB_QUEUE, label(c)).toBe('bullmq');
            expect(env.REDIS_HOST, label(c)).toMatch(/\S/);
            expect(env.NODE_ENV, label(c)).toBe('production');
        }
    });

    it('takes every secret of every role from the same generated Secret', () => {
        const sources = new Set<string>();
        for (const c of containers) {
            for (const key of SECRET_SETTINGS) {
                const value = c.env.get(key);
                expect(value?.source.from, `${label(c)} ${key}`).toBe('secret');
                sources.add(value!.source.from === 'secret' ? value!.source.name : '');
            }
        }
        expect([...sources]).toEqual([rendered.generated('Secret', 'vendure-secrets').metadata.name]);
    });

    it('signs session cookies with one secret everywhere, so any server accepts any session', () => {
        const cookieSecrets = new Set(containers.map(c => c.app().COOKIE_SECRET));
        expect(cookieSecrets.size).toBe(1);
    });

    it('keeps secrets out of ConfigMaps', () => {
        for (const map of rendered.ofKind('ConfigMap')) {
            expect(Object.keys(map.data ?? {}).filter(key => (SECRET_SETTINGS as readonly string[]).includes(key))).toEqual([]);
        }
    });

    it('gives every role the same settings, so no role talks to another database or Redis', () => {
        const fingerprint = (c: (typeof containers)[number]) => {
            const env = c.app();
            return [env.DB_HOST, env.DB_PORT, env.DB_NAME, env.DB_SCHEMA, env.REDIS_HOST, env.REDIS_PORT, env.REDIS_DB, env.REDIS_PREFIX].join('|');
        };
        expect(new Set(containers.map(fingerprint)).size).toBe(1);
    });

    it('mounts the asset directory from one ReadWriteMany volume in every role', () => {
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
            const [c] = containers;
            for (const key of ['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD'] as const) {
                expect(isKnownDefaultSecret(c.env.get(key)?.value), key).toBe(true);
            }
        });
    }
});
