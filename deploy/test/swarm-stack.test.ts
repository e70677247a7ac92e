import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { connectionBudget, readEnv, SECRET_SETTINGS } from './app-env';
import { durationMs, renderStack, STACK_FILE, type StackService } from './swarm-stack';

// pm2-runtime gives the app its own deadline plus 3 s (docker/ecosystem.config.cjs).
const PM2_MARGIN_MS = 3_000;

const stack = renderStack();
const APP_SERVICES = ['migrate', 'server', 'worker'] as const;

/** The environment a task of the service starts with: its variables and its secrets as variables. */
function taskEnv(service: StackService): Record<string, string> {
    const secrets = Object.fromEntries(
        (service.secrets ?? []).map((s: { target: string }) => [s.target, `secret-value-of-${s.target}-0123456789abcdef`]),
    );
    return { ...service.environment, ...secrets };
}

describe('the swarm stack (static: rendered by the Docker CLI, not deployed)', () => {
    it('runs postgres, redis, migrate, server, worker and nginx', () => {
        expect(Object.keys(stack.services).sort()).toEqual(['migrate', 'nginx', 'postgres', 'redis', 'server', 'worker']);
    });

    it.each(APP_SERVICES)('%s: its environment passes the app\'s own schema, with jobs on BullMQ in Redis', name => {
        const env = readEnv(taskEnv(stack.services[name]));
        expect(env.JOB_QUEUE).toBe('bullmq');
        expect(env.REDIS_HOST).toBe('redis');
        expect(env.NODE_ENV).toBe('production');
    });

    it('runs one image for every role', () => {
        expect(new Set(APP_SERVICES.map(name => stack.services[name].image)).size).toBe(1);
    });

    it.each(APP_SERVICES)('%s: a read-only root filesystem, no capabilities and a tmpfs /tmp, as in compose', name => {
        const service = stack.services[name];
        expect(service.read_only).toBe(true);
        expect(service.cap_drop).toEqual(['ALL']);
        expect(service.volumes).toContainEqual(expect.objectContaining({ type: 'tmpfs', target: '/tmp' }));
    });

    it('gives every role its secrets as swarm secrets from the same sources, never as variables', () => {
        const sources = APP_SERVICES.map(name => {
            const service = stack.services[name];
            for (const key of SECRET_SETTINGS) {
                expect(service.environment[key], `${name} ${key} in environment`).toBeUndefined();
            }
            return Object.fromEntries(service.secrets.map((s: { source: string; target: string }) => [s.target, s.source]));
        });
        expect(Object.keys(sources[0]).sort()).toEqual([...SECRET_SETTINGS].sort());
        expect(sources[1]).toEqual(sources[0]);
        expect(sources[2]).toEqual(sources[0]);
        for (const source of Object.values(sources[0])) {
            expect(stack.secrets[source as string]?.external, `${source} is created outside the repository`).toBe(true);
        }
        expect(stack.services.postgres.environment.POSTGRES_PASSWORD_FILE).toBe(`/run/secrets/${sources[0].DB_PASSWORD}`);
    });

    it('runs migrate as a one-shot job, and every server and worker task migrates before it starts', () => {
        expect(stack.services.migrate.deploy.mode).toBe('replicated-job');
        for (const name of APP_SERVICES) {
            const script = stack.services[name].entrypoint.join(' ');
            expect(script).toMatch(/export "\$\{file##\*\/\}=\$\(cat "\$file"\)"/);
            expect(script).toMatch(/if \[ "\$\{ROLE\}" != migrate \]; then node apps\/server\/dist\/migrate\.js; fi/);
            expect(script).toMatch(/exec docker\/entrypoint\.sh\s*$/);
        }
    });

    it.each(['server', 'worker'])('%s: updates start-first, health-gated, rolling back on failure', name => {
        const service = stack.services[name];
        expect(service.deploy.update_config).toMatchObject({ order: 'start-first', failure_action: 'rollback', parallelism: 1 });
        expect(service.healthcheck.test).toEqual(['CMD', 'node', 'docker/healthcheck.cjs']);
        expect(service.deploy.restart_policy.condition).toBe('any');
        expect(service.deploy.resources.limits.memory).toBeDefined();
    });

    it.each(['server', 'worker'])('%s: stop_grace_period outlasts the drain, the grace period and pm2\'s margin', name => {
        const service = stack.services[name];
        const env = readEnv(taskEnv(service));
        const drain = name === 'server' ? env.SHUTDOWN_DRAIN_DELAY_MS : 0;
        expect(durationMs(service.stop_grace_period)).toBeGreaterThan(drain + env.SHUTDOWN_GRACE_MS + PM2_MARGIN_MS);
    });

    it('keeps the servers behind nginx: no published port, every task resolvable by nginx', () => {
        const server = stack.services.server;
        expect(server.ports).toBeUndefined();
        expect(server.deploy.endpoint_mode).toBe('dnsrr');
        const { PORT } = readEnv(taskEnv(server));
        expect(stack.services.nginx.environment.NGINX_UPSTREAM).toBe(`server:${PORT}`);
        expect(stack.services.nginx.ports).toHaveLength(1);
        expect(stack.services.nginx.environment.NGINX_CLIENT_MAX_BODY_SIZE).toBe('25m');
    });

    it('deploys every nginx template compose mounts, at the same path, with every variable each one uses', () => {
        const templatesDir = path.resolve(path.dirname(STACK_FILE), '../../docker/nginx/templates');
        const onDisk = readdirSync(templatesDir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.template'));
        const mounted: Array<{ source: string; target: string }> = stack.services.nginx.configs;
        expect(mounted.map(c => path.relative('/etc/nginx/templates', c.target)).sort()).toEqual(onDisk.sort());
        for (const { source } of mounted) {
            const file = path.resolve(path.dirname(STACK_FILE), stack.configs[source].file);
            // envsubst leaves an unset variable in the config, and nginx then refuses to start.
            for (const [, name] of readFileSync(file, 'utf8').matchAll(/\$\{(NGINX_[A-Z0-9_]+)\}/g)) {
                expect(stack.services.nginx.environment[name], `${name} (${source})`).toBeTruthy();
            }
        }
    });

    it('needs no IPVS: no virtual IPs, and nginx published on each node\'s own port', () => {
        for (const [name, service] of Object.entries(stack.services)) {
            expect(service.deploy.endpoint_mode, name).toBe('dnsrr');
        }
        const nginx = stack.services.nginx;
        expect(nginx.deploy.mode).toBe('global');
        expect(nginx.ports.every((p: { mode: string }) => p.mode === 'host')).toBe(true);
    });

    it.each(['postgres', 'redis'])('%s: stays on the node that holds its data and never runs twice', name => {
        const { deploy } = stack.services[name];
        expect(deploy.replicas).toBe(1);
        expect(deploy.placement.constraints).toContain('node.labels.vendure.data == true');
        expect(deploy.update_config.order).toBe('stop-first');
    });

    it('configures Redis as BullMQ needs it: noeviction, append-only', () => {
        const script = stack.services.redis.entrypoint.join(' ');
        expect(script).toContain('--maxmemory-policy noeviction');
        expect(script).toContain('--appendonly yes');
    });

    it('fits the Postgres connection budget at the stated largest scale', () => {
        const env = readEnv(taskEnv(stack.services.server));
        const worker = readEnv(taskEnv(stack.services.worker));
        const maxConnections = Number(/max_connections=(\d+)/.exec(stack.services.postgres.command.join(' '))?.[1]);
        // SERVER_REPLICAS states the most tasks there will be: the running ones plus a start-first update's.
        expect(env.SERVER_REPLICAS).toBeGreaterThanOrEqual(stack.services.server.deploy.replicas + 1);
        expect(env.WORKER_REPLICAS).toBeGreaterThanOrEqual(stack.services.worker.deploy.replicas + 1);
        const budget = connectionBudget(
            {
                poolSize: env.DB_POOL_SIZE,
                serverReplicas: env.SERVER_REPLICAS,
                serverProcesses: env.SERVER_PROCESSES,
                workerReplicas: worker.WORKER_REPLICAS,
                workerProcesses: worker.WORKER_PROCESSES,
                migrateProcesses: 1,
            },
            maxConnections,
        );
        expect(budget.needed, `needs ${budget.needed} of ${budget.available}`).toBeLessThanOrEqual(budget.available);
    });
});
