import { describe, expect, it } from 'vitest';

import type { K8sObject } from './rendered';
import { renderings } from './renderings';
import { only, roleContainers } from './roles';

const selects = (selector: { matchLabels: Record<string, string> }, deployment: K8sObject) =>
    Object.entries(selector.matchLabels).every(([k, v]) => deployment.spec.template.metadata.labels?.[k] === v);

describe.each(renderings())('$name: capacity survives scaling, rollouts and node drains', ({ name, rendered }) => {
    const containers = roleContainers(rendered);
    const [server] = only(containers, 'server');
    const [worker] = only(containers, 'worker');

    it('runs one image in every container of every role', () => {
        const images = new Set(rendered.containers().map(c => c.container.image));
        expect(images.size).toBe(1);
        expect(server.container.image).toBe(worker.container.image);
    });

    if (name !== 'base') {
        it('pins the image to a tag or digest, never latest', () => {
            expect(server.container.image).toMatch(/(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$/);
            expect(server.container.image).not.toMatch(/:latest$/);
        });
    }

    it('scales the server on CPU with an autoscaler that owns its replica count', () => {
        const [hpa] = rendered.ofKind('HorizontalPodAutoscaler').filter(h => h.spec.scaleTargetRef.name === server.deployment.metadata.name);
        expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
        expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
        expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
        expect(hpa.spec.metrics).toContainEqual(
            expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }),
        );
        // Utilisation is measured against requests: without one the autoscaler cannot act.
        for (const container of server.deployment.spec.template.spec.containers) {
            expect(container.resources?.requests?.cpu, container.name).toBeDefined();
        }
        // A replicas field would reset the autoscaler's count on every apply.
        expect(server.deployment.spec.replicas).toBeUndefined();
    });

    it('has a disruption budget for the server that still lets a node drain', () => {
        const budgets = rendered.ofKind('PodDisruptionBudget').filter(b => selects(b.spec.selector, server.deployment));
        expect(budgets).toHaveLength(1);
        const hpa = rendered.get('HorizontalPodAutoscaler', server.deployment.metadata.name);
        const { maxUnavailable, minAvailable } = budgets[0].spec;
        expect(maxUnavailable === 1 || (typeof minAvailable === 'number' && minAvailable < hpa.spec.minReplicas)).toBe(true);
    });

    it('has a disruption budget for the workers that still lets a node drain', () => {
        const budgets = rendered.ofKind('PodDisruptionBudget').filter(b => selects(b.spec.selector, worker.deployment));
        expect(budgets).toHaveLength(1);
        const { maxUnavailable, minAvailable } = budgets[0].spec;
        expect(maxUnavailable === 1 || (typeof minAvailable === 'number' && minAvailable < worker.deployment.spec.replicas)).toBe(true);
    });

    it('spreads the servers across nodes', () => {
        const constraints = server.deployment.spec.template.spec.topologySpreadConstraints ?? [];
        const byNode = constraints.find((c: { topologyKey: string }) => c.topologyKey === 'kubernetes.io/hostname');
        expect(byNode).toBeDefined();
        expect(byNode.labelSelector.matchLabels).toEqual(server.deployment.spec.selector.matchLabels);
    });

    it('runs at least two workers', () => {
        expect(worker.deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    });
});
