import { parseAllDocuments } from 'yaml';

/** The fields of a rendered object the tests read; the schemas check the rest. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; [key: string]: any }; [key: string]: any };
export type Container = { name: string; image: string; [key: string]: any };

export function parseRendered(text: string): K8sObject[] {
    return parseAllDocuments(text).map(doc => {
        if (doc.errors.length) {
            throw new Error(doc.errors.map(e => e.message).join('\n'));
        }
        return doc.toJS() as K8sObject;
    });
}

export class Rendered {
    constructor(readonly objects: readonly K8sObject[]) {}

    ofKind(kind: string): K8sObject[] {
        return this.objects.filter(o => o.kind === kind);
    }

    get(kind: string, name: string): K8sObject {
        const found = this.objects.find(o => o.kind === kind && o.metadata.name === name);
        if (!found) {
            throw new Error(`no ${kind} named ${name} rendered`);
        }
        return found;
    }

    /** Generated names carry a content hash; this finds them by the name before the hash. */
    generated(kind: 'ConfigMap' | 'Secret', name: string): K8sObject {
        const found = this.ofKind(kind).filter(o => new RegExp(`^${name}-[a-z0-9]{10}$`).test(o.metadata.name));
        if (found.length !== 1) {
            throw new Error(`expected one generated ${kind} ${name}, found ${found.length}`);
        }
        return found[0];
    }

    /** Every container of every Deployment, init containers included, with the pod it runs in. */
    containers(): Array<{ deployment: K8sObject; container: Container; init: boolean }> {
        return this.ofKind('Deployment').flatMap(deployment => {
            const pod = deployment.spec.template.spec;
            return [
                ...(pod.initContainers ?? []).map((container: Container) => ({ deployment, container, init: true })),
                ...pod.containers.map((container: Container) => ({ deployment, container, init: false })),
            ];
        });
    }
}

export type EnvSource =
    | { from: 'literal' }
    | { from: 'configMap'; name: string }
    | { from: 'secret'; name: string }
    | { from: 'field'; path: string };

export interface EnvValue {
    value: string;
    source: EnvSource;
}

function secretValue(secret: K8sObject, key: string): string | undefined {
    if (secret.stringData?.[key] !== undefined) {
        return secret.stringData[key];
    }
    const encoded = secret.data?.[key];
    return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/**
 * The environment a container starts with, as the kubelet builds it: `envFrom` sources in order,
 * then `env` on top. Field references resolve to a stand-in, since no pod exists here.
 */
export function effectiveEnv(rendered: Rendered, container: Container): Map<string, EnvValue> {
    const env = new Map<string, EnvValue>();
    for (const source of container.envFrom ?? []) {
        if (source.configMapRef) {
            const map = rendered.get('ConfigMap', source.configMapRef.name);
            for (const [key, value] of Object.entries(map.data ?? {})) {
                env.set(key, { value: String(value), source: { from: 'configMap', name: map.metadata.name } });
            }
        } else if (source.secretRef) {
            const secret = rendered.get('Secret', source.secretRef.name);
            const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
            for (const key of keys) {
                env.set(key, { value: secretValue(secret, key)!, source: { from: 'secret', name: secret.metadata.name } });
            }
        } else {
            throw new Error(`unsupported envFrom in ${container.name}: ${JSON.stringify(source)}`);
        }
    }
    for (const entry of container.env ?? []) {
        const ref = entry.valueFrom;
        if (!ref) {
            env.set(entry.name, { value: String(entry.value ?? ''), source: { from: 'literal' } });
        } else if (ref.secretKeyRef) {
            const secret = rendered.get('Secret', ref.secretKeyRef.name);
            const value = secretValue(secret, ref.secretKeyRef.key);
            if (value === undefined) {
                throw new Error(`${container.name}: ${entry.name} refers to a missing key ${ref.secretKeyRef.key}`);
            }
            env.set(entry.name, { value, source: { from: 'secret', name: secret.metadata.name } });
        } else if (ref.configMapKeyRef) {
            const map = rendered.get('ConfigMap', ref.configMapKeyRef.name);
            const value = map.data?.[ref.configMapKeyRef.key];
            if (value === undefined) {
                throw new Error(`${container.name}: ${entry.name} refers to a missing key ${ref.configMapKeyRef.key}`);
            }
            env.set(entry.name, { value: String(value), source: { from: 'configMap', name: map.metadata.name } });
        } else if (ref.fieldRef) {
            const path = String(ref.fieldRef.fieldPath);
            env.set(entry.name, { value: `pod-${path.replace(/\W+/g, '-')}`, source: { from: 'field', path } });
        } else {
            throw new Error(`unsupported valueFrom in ${container.name}: ${JSON.stringify(ref)}`);
        }
    }
    return env;
}

export type Volume = { name: string; [key: string]: any };
export type VolumeMount = { name: string; mountPath: string; readOnly?: boolean; subPath?: string };

/** Where a path inside a container comes from: a key of the volume mounted above it. */
export interface MountedFile {
    mount: VolumeMount;
    volume: Volume;
    /** The key of the Secret or ConfigMap the kubelet projects at that path. */
    key: string;
}

/** The projected volume (Secret or ConfigMap) behind `file` in this container, if any. */
export function mountedFile(pod: { volumes?: Volume[] }, container: Container, file: string): MountedFile | undefined {
    const mounts: VolumeMount[] = [...(container.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length);
    for (const mount of mounts) {
        const prefix = `${mount.mountPath.replace(/\/$/, '')}/`;
        if (mount.subPath || !file.startsWith(prefix)) {
            continue;
        }
        const relative = file.slice(prefix.length);
        const volume = (pod.volumes ?? []).find(v => v.name === mount.name);
        const source = volume?.secret ?? volume?.configMap;
        if (!volume || !source) {
            return undefined;
        }
        // With `items`, only the listed keys appear, each at its own path.
        const items: Array<{ key: string; path: string }> | undefined = source.items;
        const key = items ? items.find(item => item.path === relative)?.key : relative;
        return key === undefined ? undefined : { mount, volume, key };
    }
    return undefined;
}

/**
 * Reads a file as the container would find it: the value of the Secret or ConfigMap key mounted
 * at that path. Anything else does not exist here (ENOENT), as no image content is rendered.
 */
export function mountedFileReader(rendered: Rendered, pod: { volumes?: Volume[] }, container: Container): (file: string) => string {
    return file => {
        const found = mountedFile(pod, container, file);
        const value = found?.volume.secret
            ? secretValue(rendered.get('Secret', found.volume.secret.secretName), found.key)
            : found?.volume.configMap
              ? rendered.get('ConfigMap', found.volume.configMap.name).data?.[found.key]
              : undefined;
        if (value === undefined) {
            throw Object.assign(new Error(`ENOENT: ${container.name} has no file ${file}`), { code: 'ENOENT' });
        }
        return String(value);
    };
}

export function plainEnv(env: Map<string, EnvValue>): Record<string, string> {
    return Object.fromEntries([...env].map(([key, { value }]) => [key, value]));
}

/** The role the image's entrypoint picks from ROLE (docker/entrypoint.sh), server by default. */
export function roleOf(env: Map<string, EnvValue>, container: Container): string | undefined {
    if (container.command || container.args) {
        return undefined;
    }
    return env.get('ROLE')?.value ?? 'server';
}
