import { describe, expect, it } from 'vitest';

import type { K8sObject } from './rendered';
import { renderings } from './renderings';
import { only, roleContainers } from './roles';

type Selector = {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
};
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: unknown };
type Rule = { from?: Peer[]; ports?: Array<{ protocol?: string; port?: string | number }> };

/** A Kubernetes label selector, as the API server evaluates it; an empty one selects everything. */
function selects(selector: Selector, labels: Record<string, string> = {}): boolean {
    const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
        switch (operator) {
            case 'In':
                return key in labels && values.includes(labels[key]);
            case 'NotIn':
                return !(key in labels) || !values.includes(labels[key]);
            case 'Exists':
                return key in labels;
            case 'DoesNotExist':
                return !(key in labels);
        }
    });
    return byLabel && byExpression;
}

const isEmpty = (selector?: Selector) => !selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length);

/** The labels of the pods Postgres and Redis run in, where they run in the app's namespace. */
const DATA_PODS = {
    postgres: { labels: { 'app.kubernetes.io/name': 'postgresql' }, port: 'DB_PORT' },
    redis: { labels: { 'app.kubernetes.io/name': 'redis' }, port: 'REDIS_PORT' },
} as const;

describe.each(renderings())('$name: NetworkPolicies admit only the traffic each pod needs', ({ rendered }) => {
    const policies = rendered.ofKind('NetworkPolicy');
    const containers = roleContainers(rendered);
    const podLabels = (deployment: K8sObject): Record<string, string> => deployment.spec.template.metadata.labels;
    const [server] = only(containers, 'server');
    const [worker] = only(containers, 'worker');
    const appPods = [...new Set(containers.map(c => c.deployment))];
    const rulesFor = (labels: Record<string, string>): Rule[] =>
        policies
            .filter(p => (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(p.spec.podSelector, labels))
            .flatMap(p => p.spec.ingress ?? []);

    it('deny every incoming connection in the namespace unless a policy admits it', () => {
        const denyAll = policies.filter(p => isEmpty(p.spec.podSelector) && p.spec.policyTypes?.includes('Ingress'));
        expect(denyAll).toHaveLength(1);
        expect(denyAll[0].spec.ingress ?? []).toEqual([]);
    });

    it('admit to the servers only the ingress controller\'s pods in its own namespace, on PORT', () => {
        const rules = rulesFor(podLabels(server.deployment));
        expect(rules.length).toBeGreaterThan(0);
        for (const rule of rules) {
            // A rule without `from`, or an empty peer, admits every source.
            expect(rule.from?.length, 'names its sources').toBeGreaterThan(0);
            for (const peer of rule.from!) {
                expect(peer.ipBlock, 'no address ranges: pods move').toBeUndefined();
                expect(isEmpty(peer.namespaceSelector), 'a namespace selector that names the controller\'s').toBe(false);
                expect(isEmpty(peer.podSelector), 'and its controller pods only').toBe(false);
            }
            expect(rule.ports?.length, 'names its ports').toBeGreaterThan(0);
            for (const { port, protocol } of rule.ports!) {
                expect(protocol ?? 'TCP').toBe('TCP');
                const containerPort = server.container.ports.find((p: { name: string; containerPort: number }) => p.name === port || p.containerPort === port);
                expect(containerPort?.containerPort, `port ${port}`).toBe(server.app().PORT);
            }
        }
    });

    it('admit nothing to the workers: nobody calls them (the kubelet\'s probes are always allowed)', () => {
        expect(rulesFor(podLabels(worker.deployment))).toEqual([]);
    });

    it.each(Object.entries(DATA_PODS))('admit to %s only the servers, the workers and the migrate role', (_, { labels, port }) => {
        const rules = rulesFor(labels);
        expect(rules.length).toBeGreaterThan(0);
        const env = server.app();
        for (const rule of rules) {
            expect(rule.from?.length, 'names its sources').toBeGreaterThan(0);
            for (const peer of rule.from!) {
                // No namespace selector: pods of this namespace only.
                expect(peer.namespaceSelector).toBeUndefined();
                expect(peer.ipBlock).toBeUndefined();
                expect(isEmpty(peer.podSelector)).toBe(false);
            }
            expect(rule.ports?.map(p => Number(p.port))).toEqual([env[port]]);
        }
        // Every pod that runs a role (the migrate role runs in every server and worker pod)...
        for (const pod of appPods) {
            expect(rules.some(r => r.from!.some(peer => selects(peer.podSelector!, podLabels(pod)))), pod.metadata.name).toBe(true);
        }
        // ...and no other pod of the namespace, nor Postgres and Redis themselves.
        for (const other of Object.values(DATA_PODS)) {
            expect(rules.some(r => r.from!.some(peer => selects(peer.podSelector!, other.labels)))).toBe(false);
        }
        expect(rules.some(r => r.from!.some(peer => selects(peer.podSelector!, { 'app.kubernetes.io/name': 'anything-else' })))).toBe(false);
    });

    it('have every app pod carry the component label the data policies admit', () => {
        expect(new Set(appPods.map(d => podLabels(d)['app.kubernetes.io/component']))).toEqual(new Set(['server', 'worker']));
    });
});
