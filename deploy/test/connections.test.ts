import { describe, expect, it } from 'vitest';

import { connectionBudget } from './app-env';
import type { K8sObject } from './rendered';
import { renderings } from './renderings';
import { only, roleContainers } from './roles';

/** Pods a rolling update may add on top of `replicas` (the Deployment controller rounds up). */
function surge(deployment: K8sObject, replicas: number): number {
    const value = deployment.spec.strategy?.rollingUpdate?.maxSurge ?? '25%';
    return typeof value === 'number' ? value : Math.ceil((replicas * Number.parseInt(value, 10)) / 100);
}

/**
 * The arithmetic of docs/scaling-beyond-one-host.md, with the app's own formula: at the
 * autoscaler's maximum, in the middle of a rollout, every process holding a full pool, plus one
 * migrate process per pod that is starting, must fit in what Postgres allows.
 */
describe.each(renderings())('$name: the Postgres connection budget', ({ rendered }) => {
    const containers = roleContainers(rendered);
    const [server] = only(containers, 'server');
    const [worker] = only(containers, 'worker');
    const hpa = rendered.get('HorizontalPodAutoscaler', server.deployment.metadata.name);
    const serverSurge = surge(server.deployment, hpa.spec.maxReplicas);
    const workerSurge = surge(worker.deployment, worker.deployment.spec.replicas);
    const servers = hpa.spec.maxReplicas + serverSurge;
    const workers = worker.deployment.spec.replicas + workerSurge;
    const settings = rendered.generated('ConfigMap', 'vendure-settings');
    const maxConnections = Number(settings.metadata.annotations?.['vendure-scale/postgres-max-connections']);

    it('states what max_connections it assumes', () => {
        expect(maxConnections).toBeGreaterThan(0);
    });

    it('tells the servers\' start-up check the largest cluster a rollout can reach', () => {
        for (const c of [server, worker]) {
            expect(c.app().MAX_SERVER_REPLICAS, 'MAX_SERVER_REPLICAS').toBeGreaterThanOrEqual(servers);
            expect(c.app().MAX_WORKER_REPLICAS, 'MAX_WORKER_REPLICAS').toBeGreaterThanOrEqual(workers);
        }
    });

    it('holds at the autoscaler\'s maximum during a rollout', () => {
        const env = server.app();
        const budget = connectionBudget(
            {
                poolSize: env.DB_POOL_SIZE,
                serverReplicas: servers,
                serverProcesses: env.SERVER_PROCESSES,
                workerReplicas: workers,
                workerProcesses: worker.app().WORKER_PROCESSES,
                // Each new pod runs the migrate role before its app starts.
                migrateProcesses: serverSurge + workerSurge,
            },
            maxConnections,
        );
        expect(budget.needed, `needs ${budget.needed} of ${budget.available}`).toBeLessThanOrEqual(budget.available);
    });
});
