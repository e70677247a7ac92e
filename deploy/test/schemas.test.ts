import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';

import type { K8sObject } from './rendered';
import { renderings } from './renderings';

// Every kind the manifests may contain, by apiVersion/kind. A new kind must be added here, so
// nothing reaches a cluster unchecked; a deprecated apiVersion has no entry and fails.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
    'v1/ConfigMap': ConfigMap,
    'v1/PersistentVolumeClaim': PersistentVolumeClaim,
    'v1/Secret': Secret,
    'v1/Service': Service,
    'v1/ServiceAccount': ServiceAccount,
    'apps/v1/Deployment': Deployment,
    'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
    'networking.k8s.io/v1/Ingress': Ingress,
    'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
    'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const typeOf = (o: K8sObject) => `${o.apiVersion}/${o.kind}`;

describe.each(renderings())('$name renders objects that', ({ rendered }) => {
    it('are all of a known apiVersion and kind', () => {
        expect(rendered.objects.map(typeOf).filter(type => !(type in MODELS))).toEqual([]);
    });

    it.each(rendered.objects.map(o => [`${o.kind} ${o.metadata.name}`, o] as const))(
        'validate against the Kubernetes schema: %s',
        (_, object) => {
            expect(() => new MODELS[typeOf(object)](object as never).validate()).not.toThrow();
        },
    );

    it('have unique kinds and names', () => {
        const keys = rendered.objects.map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
        expect(new Set(keys).size).toBe(keys.length);
    });
});
