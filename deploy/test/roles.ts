import { readAppEnv, type AppEnv } from './app-env';
import { effectiveEnv, mountedFileReader, plainEnv, roleOf, type Container, type EnvValue, type K8sObject, type Rendered } from './rendered';

export interface RoleContainer {
    role: string;
    deployment: K8sObject;
    container: Container;
    init: boolean;
    env: Map<string, EnvValue>;
    /** Reads a file as this container finds it, from the Secret and ConfigMap volumes it mounts. */
    readFile: (file: string) => string;
    /** As the app itself reads it (secrets from their NAME_FILEs): defaults filled in, or an EnvError thrown. */
    app: () => AppEnv;
}

/** Every container that runs one of the app's roles through the image's entrypoint. */
export function roleContainers(rendered: Rendered): RoleContainer[] {
    return rendered.containers().flatMap(({ deployment, container, init }) => {
        const env = effectiveEnv(rendered, container);
        const role = roleOf(env, container);
        const readFile = mountedFileReader(rendered, deployment.spec.template.spec, container);
        return role ? [{ role, deployment, container, init, env, readFile, app: () => readAppEnv(plainEnv(env), readFile) }] : [];
    });
}

export function only(containers: RoleContainer[], role: string, init = false): RoleContainer[] {
    const found = containers.filter(c => c.role === role && c.init === init);
    if (!found.length) {
        throw new Error(`no ${init ? 'init ' : ''}container runs the ${role} role`);
    }
    return found;
}
