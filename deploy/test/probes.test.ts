import { describe, expect, it } from 'vitest';

import type { Container } from './rendered';
import { renderings } from './renderings';
import { only, roleContainers } from './roles';

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

/** The container port a probe or Service names, by name or by number. */
function containerPort(container: Container, port: string | number): number | undefined {
    const ports: Array<{ name?: string; containerPort: number }> = container.ports ?? [];
    return typeof port === 'number' ? ports.find(p => p.containerPort === port)?.containerPort : ports.find(p => p.name === port)?.containerPort;
}

describe.each(renderings())('$name: probes and traffic reach the ports the apps listen on', ({ rendered }) => {
    const containers = roleContainers(rendered);

    it.each(only(containers, 'server').map(c => [c.container.name, c] as const))(
        'server %s: every probe asks GET /health on PORT',
        (_, { container, app }) => {
            const { PORT } = app();
            for (const probe of PROBES) {
                expect(container[probe]?.httpGet?.path, probe).toBe('/health');
                expect(containerPort(container, container[probe].httpGet.port), probe).toBe(PORT);
            }
        },
    );

    it.each(only(containers, 'worker').map(c => [c.container.name, c] as const))(
        'worker %s: every probe asks GET /health on WORKER_HEALTH_PORT',
        (_, { container, app }) => {
            const { WORKER_HEALTH_PORT } = app();
            for (const probe of PROBES) {
                expect(container[probe]?.httpGet?.path, probe).toBe('/health');
                expect(containerPort(container, container[probe].httpGet.port), probe).toBe(WORKER_HEALTH_PORT);
            }
        },
    );

    it('the server Service selects only server pods and forwards to PORT', () => {
        const service = rendered.get('Service', 'vendure-server');
        for (const { deployment, container, app } of only(containers, 'server')) {
            const labels = deployment.spec.template.metadata.labels;
            expect(labels).toMatchObject(service.spec.selector);
            for (const port of service.spec.ports) {
                expect(containerPort(container, port.targetPort)).toBe(app().PORT);
            }
        }
        for (const { deployment } of only(containers, 'worker')) {
            expect(deployment.spec.template.metadata.labels).not.toMatchObject(service.spec.selector);
        }
    });

    it('every Ingress (class nginx) sends its paths to the server Service without affinity', () => {
        const service = rendered.get('Service', 'vendure-server');
        const ingresses = rendered.ofKind('Ingress');
        expect(ingresses.length).toBeGreaterThan(0);
        for (const ingress of ingresses) {
            expect(ingress.spec.ingressClassName, ingress.metadata.name).toBe('nginx');
            const backends = ingress.spec.rules.flatMap((rule: { http: { paths: unknown[] } }) => rule.http.paths);
            expect(backends.length, ingress.metadata.name).toBeGreaterThan(0);
            for (const { backend } of backends as Array<{ backend: { service: { name: string; port: { name?: string; number?: number } } } }>) {
                expect(backend.service.name).toBe(service.metadata.name);
                const port = service.spec.ports.find((p: { name: string; port: number }) => p.name === backend.service.port.name || p.port === backend.service.port.number);
                expect(port).toBeDefined();
            }
            // Sessions live in Redis: pinning clients to a pod would only unbalance the load.
            expect(Object.keys(ingress.metadata.annotations ?? {}).filter(a => /affinity|upstream-hash-by/.test(a)), ingress.metadata.name).toEqual([]);
        }
        expect(service.spec.sessionAffinity ?? 'None').toBe('None');
    });
});
