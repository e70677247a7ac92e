import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { killTimeoutMs, timingContractProblems } from './app-env';
import { K8S_DIR } from './kustomize';
import { plainEnv } from './rendered';
import { renderings } from './renderings';
import { only, roleContainers } from './roles';
import { pm2KillTimeouts, roleTimings, type ShutdownRole } from './shutdown-timings';

/** ingress-nginx keeps idle upstream connections this long (its controller ConfigMap, in seconds). */
const controllerConfig = parse(readFileSync(path.join(K8S_DIR, 'ingress-nginx/values.yaml'), 'utf8')).controller.config;
const CONTROLLER_IDLE_TIMEOUT_MS = Number(controllerConfig['upstream-keepalive-timeout']) * 1000;

// pm2-runtime gives the app its own deadline plus 3 s before it kills it (docker/ecosystem.config.cjs),
// and the process needs a moment to exit after that.
const EXIT_MARGIN_MS = 5_000;

describe.each(renderings())('$name: a terminating pod finishes its requests and jobs', ({ rendered }) => {
    const containers = roleContainers(rendered);

    it.each([...only(containers, 'server'), ...only(containers, 'worker')].map(c => [c.deployment.metadata.name, c] as const))(
        '%s: terminationGracePeriodSeconds outlasts preStop + SHUTDOWN_DRAIN_DELAY_MS + SHUTDOWN_GRACE_MS',
        (_, { deployment, container, app }) => {
            const env = app();
            const preStop = container.lifecycle?.preStop;
            expect(preStop === undefined || preStop.sleep !== undefined, 'preStop is a sleep action').toBe(true);
            const preStopMs = (preStop?.sleep?.seconds ?? 0) * 1000;
            const graceMs = (deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;
            // The kubelet counts the grace period from the start of preStop, not from SIGTERM.
            expect(graceMs).toBeGreaterThanOrEqual(preStopMs + env.SHUTDOWN_DRAIN_DELAY_MS + env.SHUTDOWN_GRACE_MS + EXIT_MARGIN_MS);
        },
    );

    it.each([...only(containers, 'server'), ...only(containers, 'worker')].map(c => [c.deployment.metadata.name, c] as const))(
        '%s: keeps the timing contract with pm2 and the ingress controller (packages/cluster/src/roles/timing-contract.ts)',
        (_, { role, deployment, container, env, app }) => {
            const timings = roleTimings(role as ShutdownRole, app());
            // pm2 in this container gives the app the contract's kill_timeout...
            expect(pm2KillTimeouts(plainEnv(env))[role as ShutdownRole]).toBe(killTimeoutMs(timings));
            // ...and the kubelet's SIGKILL comes after it: the grace period runs from the start of
            // preStop, so SIGTERM gets what is left of it.
            const preStopMs = (container.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
            const stopGracePeriodMs = (deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000 - preStopMs;
            expect(
                timingContractProblems({ balancerIdleTimeoutMs: CONTROLLER_IDLE_TIMEOUT_MS, timings, stopGracePeriodMs }),
            ).toEqual([]);
        },
    );

    it('has the ingress controller drop idle connections to pods before the servers\' keep-alive ends', () => {
        expect(CONTROLLER_IDLE_TIMEOUT_MS).toBeGreaterThan(0);
        for (const c of only(containers, 'server')) {
            expect(CONTROLLER_IDLE_TIMEOUT_MS).toBeLessThan(c.app().HTTP_KEEP_ALIVE_TIMEOUT_MS);
        }
    });

    it.each(only(containers, 'server').map(c => [c.deployment.metadata.name, c] as const))(
        '%s: keeps serving for a preStop sleep while its endpoint is removed everywhere',
        (_, { container }) => {
            expect(container.lifecycle?.preStop?.sleep?.seconds).toBeGreaterThanOrEqual(5);
        },
    );

    it.each(only(containers, 'server').map(c => [c.deployment.metadata.name, c] as const))(
        '%s: rolls out without ever going below its capacity',
        (_, { deployment }) => {
            expect(deployment.spec.strategy.type).toBe('RollingUpdate');
            expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
        },
    );
});
