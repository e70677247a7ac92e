import { describe, expect, it } from 'vitest';

import { BALANCER_IDLE_TIMEOUT_MS, killTimeoutMs, readAppEnv, SWEEP_IDLE_AFTER_MS, timingContractProblems } from './app-env';
import { nginxTemplates, readStandIn, renderCompose } from './compose-render';
import { goDurationMs, nginxTimeMs, pm2KillTimeouts, roleTimings, type ShutdownRole } from './shutdown-timings';

/**
 * The compose stack against packages/cluster/src/roles/timing-contract.ts: nginx drops idle
 * upstream connections before a closing server sweeps them, and Docker's SIGKILL comes after
 * pm2's, which comes after the app's own deadline. Static: the files as rendered, nothing started.
 */

interface Upstream {
    file: string;
    name: string;
    keepalive?: string;
    keepaliveTimeout?: string;
}

/**
 * The `upstream` blocks of the nginx templates, with `${VAR}`s filled in from the nginx service's
 * environment as the image's envsubst does. Read with a regular expression rather than an nginx
 * parser (none for Node is maintained): upstream blocks hold only simple directives, no braces.
 */
function upstreams(env: Record<string, string>): Upstream[] {
    return nginxTemplates(env).flatMap(({ file, text }) =>
        [...text.matchAll(/\bupstream\s+(\S+)\s*\{([^}]*)\}/g)].map(([, name, body]) => {
            const directive = (key: string) => new RegExp(`(?:^|[;{\\s])${key}\\s+([^;\\s]+)\\s*;`).exec(body)?.[1];
            return { file, name, keepalive: directive('keepalive'), keepaliveTimeout: directive('keepalive_timeout') };
        }),
    );
}

const compose = renderCompose();
const nginxEnv = compose.services.nginx?.environment ?? {};
const pools = upstreams(nginxEnv).filter(u => u.keepalive !== undefined);

describe('docker/nginx/templates: idle upstream connections end before a closing server sweeps them', () => {
    it('keeps idle connections to the servers at all (the case the contract is about)', () => {
        expect(pools.length).toBeGreaterThan(0);
    });

    it.each(pools.map(u => [`${u.file} upstream ${u.name}`, u] as const))('%s: keepalive_timeout < SWEEP_IDLE_AFTER_MS', (_, upstream) => {
        // Unset, nginx keeps them 60 s.
        expect(upstream.keepaliveTimeout, 'keepalive_timeout is explicit').toBeDefined();
        const idleMs = nginxTimeMs(upstream.keepaliveTimeout!);
        expect(idleMs).toBeLessThan(SWEEP_IDLE_AFTER_MS);
        // The contract's own constant names nginx's value: they must not drift apart.
        expect(idleMs).toBe(BALANCER_IDLE_TIMEOUT_MS);
    });

    it.each(pools.map(u => [`${u.file} upstream ${u.name}`, u] as const))('%s: keepalive_timeout < the servers\' HTTP keep-alive', (_, upstream) => {
        const server = readAppEnv(compose.services.server.environment ?? {}, readStandIn);
        expect(nginxTimeMs(upstream.keepaliveTimeout!)).toBeLessThan(server.HTTP_KEEP_ALIVE_TIMEOUT_MS);
    });
});

describe.each(['server', 'worker'] as const)('compose.yaml %s: Docker stops it only after pm2 and the app are done', (role: ShutdownRole) => {
    const service = compose.services[role];
    const environment = service.environment ?? {};

    it('passes the app\'s env schema, secrets from stand-ins', () => {
        expect(() => readAppEnv(environment, readStandIn)).not.toThrow();
    });

    it('gives pm2 the contract\'s kill_timeout for its SHUTDOWN_* settings', () => {
        const timings = roleTimings(role, readAppEnv(environment, readStandIn));
        expect(pm2KillTimeouts(environment)[role]).toBe(killTimeoutMs(timings));
    });

    it('has a stop_grace_period longer than pm2\'s kill_timeout, with nginx\'s idle timeout below the sweep', () => {
        const timings = roleTimings(role, readAppEnv(environment, readStandIn));
        // Docker's default when the file sets none.
        const stopGracePeriodMs = goDurationMs(service.stop_grace_period ?? '10s');
        const balancerIdleTimeoutMs = Math.max(...pools.map(u => nginxTimeMs(u.keepaliveTimeout ?? '60s')));
        expect(timingContractProblems({ balancerIdleTimeoutMs, timings, stopGracePeriodMs })).toEqual([]);
    });
});
