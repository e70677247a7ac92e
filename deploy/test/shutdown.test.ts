import { describe, expect, it } from 'vitest';

import { renderings } from './renderings';
import { only, roleContainers } from './roles';

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
