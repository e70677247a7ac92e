import { describe, expect, it } from 'vitest';

import { renderings } from './renderings';
import { only, roleContainers } from './roles';

/**
 * The order of a deploy: every new server or worker pod runs the migrate role as an init container
 * before its app container may start, under the advisory lock the migrate role takes. So no new
 * pod serves or processes jobs on an old schema, and old pods keep serving until new ones are
 * ready. Kustomize has no hooks, and a Job would be immutable on every image change.
 */
describe.each(renderings())('$name: migrations run before any new server or worker starts', ({ rendered }) => {
    const containers = roleContainers(rendered);
    const apps = [...only(containers, 'server'), ...only(containers, 'worker')];

    it.each(apps.map(c => [c.deployment.metadata.name, c] as const))(
        '%s: a migrate init container blocks the app container',
        (_, { deployment }) => {
            const migrate = only(containers, 'migrate', true).filter(c => c.deployment === deployment);
            expect(migrate).toHaveLength(1);
            // restartPolicy Always would make it a sidecar, which does not block the app container.
            expect(migrate[0].container.restartPolicy).toBeUndefined();
        },
    );

    it.each(apps.map(c => [c.deployment.metadata.name, c] as const))(
        '%s: migrates with the same image and settings as the app it precedes',
        (_, app) => {
            const [migrate] = only(containers, 'migrate', true).filter(c => c.deployment === app.deployment);
            expect(migrate.container.image).toBe(app.container.image);
            expect(migrate.container.envFrom).toEqual(app.container.envFrom);
            expect({ ...migrate.app(), INSTANCE_ID: undefined }).toEqual({ ...app.app(), INSTANCE_ID: undefined });
        },
    );

    it('runs migrations nowhere else: no app container, no Job', () => {
        expect(containers.filter(c => c.role === 'migrate' && !c.init)).toEqual([]);
        expect(rendered.ofKind('Job')).toEqual([]);
    });
});
