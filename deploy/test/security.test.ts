import { describe, expect, it } from 'vitest';

import { renderings } from './renderings';
import { roleContainers } from './roles';

describe.each(renderings())('$name: pods run with least privilege', ({ rendered }) => {
    it.each(rendered.ofKind('Deployment').map(d => [d.metadata.name, d] as const))('%s: pod runs as a non-root user without an API token', (_, deployment) => {
        const pod = deployment.spec.template.spec;
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        expect(pod.securityContext.seccompProfile?.type).toBe('RuntimeDefault');
        expect(pod.automountServiceAccountToken).toBe(false);
    });

    it.each(rendered.containers().map(c => [`${c.deployment.metadata.name}/${c.container.name}`, c.container] as const))(
        '%s: read-only root filesystem, no privilege escalation, no capabilities',
        (_, container) => {
            expect(container.securityContext).toMatchObject({
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
            });
            expect(container.resources?.limits?.memory, 'a memory limit').toBeDefined();
        },
    );

    it('gives every role a writable /tmp, and pm2 its home on it', () => {
        for (const { role, container, env, deployment } of roleContainers(rendered)) {
            const mounts: string[] = (container.volumeMounts ?? []).map((m: { mountPath: string }) => m.mountPath);
            expect(mounts, `${deployment.metadata.name}/${container.name}`).toContain('/tmp');
            const pm2Home = env.get('PM2_HOME')?.value;
            // The entrypoint starts migrate with plain node; server and worker under pm2-runtime.
            if (role !== 'migrate') {
                expect(pm2Home, `${container.name}: pm2-runtime writes to PM2_HOME`).toMatch(/^\/tmp\//);
            }
        }
    });
});
