import { effectiveEnv, plainEnv, roleOf, type Container, type EnvValue, type K8sObject, type Rendered } from './rendered';
import { readEnv, type ScalingEnv } from './app-env';

export interface RoleContainer {
    role: string;
    deployment: K8sObject;
    container: Container;
    init: boolean;
    env: Map<string, EnvValue>;
    /** As the app itself reads it: defaults filled in, or an EnvError thrown. */
    app: () => ScalingEnv;
}

/** Every container that runs one of the app's roles through the image's entrypoint. */
export function roleContainers(rendered: Rendered): RoleContainer[] {
    return rendered.containers().flatMap(({ deployment, container, init }) => {
        const env = effectiveEnv(rendered, container);
        const role = roleOf(env, container);
        return role ? [{ role, deployment, container, init, env, app: () => readEnv(plainEnv(env)) }] : [];
    });
}

export function only(containers: RoleContainer[], role: string, init = false): RoleContainer[] {
    const found = containers.filter(c => c.role === role && c.init === init);
    if (!found.length) {
        throw new Error(`no ${init ? 'init ' : ''}container runs the ${role} role`);
    }
    return found;
}
