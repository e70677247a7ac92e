import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { connectionBudget, readEnv, SECRET_SETTINGS } from './app-env';
import { durationMs, renderStack, STACK_FILE, type StackService } from './swarm-stack';

// pm2-runtime gives the app its own deadline plus 3 s (docker/ecosystem.config.cjs).
const PM2_MARGIN_MS = 3_000;

const stack = renderStack();
const APP_SERVICES = ['migrate', 'server', 'worker'] as const;

/** What a secret file holds in these tests: made from its path, long enough for every check. */
const fakeSecret = (file: string) => `secret-value-of-${file}-0123456789abcdef`;

/** The environment a task of the service starts with, its *_FILE secrets read from the files Swarm mounts. */
function taskEnv(service: StackService) {
    const mounted = new Set((service.secrets ?? []).map((s: { target: string }) => `/run/secrets/${s.target}`));
    return readEnv(service.environment, {
        readFile: file => {
            if (!mounted.has(file)) {
                throw Object.assign(new Error(`${file} is not mounted`), { code: 'ENOENT' });
            }
            return fakeSecret(file);
        },
    });
}

/** Every value a service's environment sets, and every word of its command, entrypoint and healthcheck. */
function visibleSettings(service: StackService): string {
    return JSON.stringify([service.environment ?? {}, service.command, service.entrypoint, service.healthcheck]);
}

describe('the swarm stack (static: rendered by the Docker CLI, not deployed)', () => {
    it('runs postgres, redis, migrate, server, worker and nginx', () => {
        expect(Object.keys(stack.services).sort()).toEqual(['migrate', 'nginx', 'postgres', 'redis', 'server', 'worker']);
    });

    it.each(APP_SERVICES)('%s: its environment passes the app\'s own schema, with jobs on BullMQ in Redis', name => {
        const env = taskEnv(stack.services[name]);
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

    it('gives every role each secret as NAME_FILE, a swarm secret from the same source readable by the app user only', () => {
        const sources = APP_SERVICES.map(name => {
            const service = stack.services[name];
            const mounted = new Map<string, { source: string; uid: string; mode: number }>(
                service.secrets.map((s: { source: string; target: string; uid: string; mode: number }) => [`/run/secrets/${s.target}`, s]),
            );
            const byName: Record<string, string> = {};
            for (const key of SECRET_SETTINGS) {
                expect(service.environment[key], `${name} ${key} in environment`).toBeUndefined();
                const file = service.environment[`${key}_FILE`];
                const secret = mounted.get(file);
                expect(secret, `${name} ${key}_FILE=${file} is a mounted secret`).toBeDefined();
                expect({ uid: secret!.uid, mode: secret!.mode }, `${name} ${file}`).toEqual({ uid: '1000', mode: 0o400 });
                byName[key] = secret!.source;
            }
            expect(mounted.size, `${name} mounts only the app's secrets`).toBe(SECRET_SETTINGS.length);
            return byName;
        });
        expect(sources[1]).toEqual(sources[0]);
        expect(sources[2]).toEqual(sources[0]);
        for (const source of Object.values(sources[0])) {
            expect(stack.secrets[source]?.external, `${source} is created outside the repository`).toBe(true);
        }
        const postgres = stack.services.postgres;
        const dbPassword = postgres.secrets.find((s: { target: string }) => `/run/secrets/${s.target}` === postgres.environment.POSTGRES_PASSWORD_FILE);
        expect(dbPassword?.source).toBe(sources[0].DB_PASSWORD);
    });

    it('puts no secret in any environment, command or healthcheck: no inline loop reads secret files', () => {
        for (const [name, service] of Object.entries(stack.services)) {
            const visible = visibleSettings(service);
            expect(visible, `${name} reads /run/secrets in a shell loop`).not.toMatch(/for [a-z_]+ in \/run\/secrets/);
            expect(visible, `${name} exports a secret file as a variable`).not.toMatch(/export [^;]*\$\(cat/);
            for (const [key, value] of Object.entries<string>(service.environment ?? {})) {
                expect(SECRET_SETTINGS.includes(key as (typeof SECRET_SETTINGS)[number]), `${name} sets ${key}`).toBe(false);
                expect(/PASSWORD$|SECRET$/.test(key), `${name} sets ${key}=…`).toBe(false);
                expect(value.startsWith('/run/secrets/') || !/_FILE$/.test(key), `${name} ${key}`).toBe(true);
            }
        }
        // Secrets in the deploying shell (as after `set -a; . ./.env`) reach no service either.
        const shell = Object.fromEntries(SECRET_SETTINGS.map(key => [key, `leaked-${key.toLowerCase()}-value`]));
        expect(JSON.stringify(renderStack(shell))).not.toContain('leaked-');
    });

    it('runs migrate as a one-shot job, and every server and worker task migrates before it starts', () => {
        expect(stack.services.migrate.deploy.mode).toBe('replicated-job');
        expect(stack.services.migrate.entrypoint).toBeUndefined();
        for (const name of ['server', 'worker']) {
            expect(stack.services[name].entrypoint).toEqual(['/bin/sh', '-c', 'node apps/server/dist/migrate.js && exec docker/entrypoint.sh']);
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
        const env = taskEnv(service);
        const drain = name === 'server' ? env.SHUTDOWN_DRAIN_DELAY_MS : 0;
        expect(durationMs(service.stop_grace_period)).toBeGreaterThan(drain + env.SHUTDOWN_GRACE_MS + PM2_MARGIN_MS);
    });

    it('keeps the servers behind nginx: no published port, every task resolvable by nginx', () => {
        const server = stack.services.server;
        expect(server.ports).toBeUndefined();
        expect(server.deploy.endpoint_mode).toBe('dnsrr');
        const { PORT } = taskEnv(server);
        expect(stack.services.nginx.environment.NGINX_UPSTREAM).toBe(`server:${PORT}`);
        expect(stack.services.nginx.ports).toHaveLength(1);
        expect(stack.services.nginx.environment.NGINX_ADMIN_API_MAX_BODY_SIZE).toBe('25m');
        expect(stack.services.nginx.secrets, 'nginx needs no secret').toBeUndefined();
    });

    it('sizes the apps\' /tmp for the Admin API uploads one nginx admits at once', () => {
        const nginx = stack.services.nginx.environment;
        const mib = (size: string) => Number(/^(\d+)m$/.exec(size)?.[1]);
        const uploads = Number(nginx.NGINX_ADMIN_API_UPLOADS) * mib(nginx.NGINX_ADMIN_API_MAX_BODY_SIZE);
        for (const name of APP_SERVICES) {
            const tmp = stack.services[name].volumes.find((v: { target: string }) => v.target === '/tmp');
            expect(tmp.tmpfs.size / 2 ** 20, name).toBeGreaterThanOrEqual(uploads + 16);
        }
    });

    it('builds asset URLs from PUBLIC_URL, never from a request\'s Host', () => {
        // A shop setting (packages/shop/src/shop-env.ts), so not in the cluster's schema.
        const configured = renderStack({ PUBLIC_URL: 'https://shop.example.com' });
        for (const name of APP_SERVICES) {
            expect(stack.services[name].environment.ASSET_URL_PREFIX, name).toBe('http://localhost:8080/assets/');
            expect(configured.services[name].environment.ASSET_URL_PREFIX, name).toBe('https://shop.example.com/assets/');
        }
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

    it('serves the Dashboard as compose does: /dashboard/ with its CSP, old /admin bookmarks redirected, no admin UI copy', () => {
        const [mounted] = stack.services.nginx.configs as Array<{ source: string }>;
        const template = readFileSync(path.resolve(path.dirname(STACK_FILE), stack.configs[mounted.source].file), 'utf8');
        expect(template).toMatch(/location ~\* \^\/dashboard\/ \{[^}]*Content-Security-Policy "default-src 'self'; script-src 'self';[^}]*proxy_pass http:\/\/vendure;/);
        expect(template).toMatch(/location ~\* \^\/admin\(\?:\/\|\$\) \{\s*absolute_redirect off;\s*return 301 \/dashboard\/;/);
        expect(template).not.toMatch(/unsafe-eval/);
        // A changed template must deploy under a new config name (Swarm configs are immutable).
        expect(stack.configs[mounted.source].name).toMatch(/_nginx_template_2$/);
        for (const name of APP_SERVICES) {
            expect(Object.keys(stack.services[name].environment).filter(key => key.startsWith('ADMIN_UI')), name).toEqual([]);
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

    it('configures Redis as BullMQ needs it (noeviction, append-only), its password from a secret-provided redis.conf', () => {
        const redis = stack.services.redis;
        expect(redis.entrypoint).toBeUndefined();
        expect(redis.command).toEqual(['redis-server', '/run/secrets/redis.conf', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction']);
        const conf = redis.secrets.find((s: { target: string }) => s.target === 'redis.conf');
        expect(conf).toMatchObject({ uid: '999', mode: 0o400 });
        const rendered = stack.secrets[conf.source];
        expect(rendered.template_driver).toBe('golang');
        const template = readFileSync(path.resolve(path.dirname(STACK_FILE), rendered.file), 'utf8');
        // The template reads the task's own redis_password secret, the one the apps are given.
        expect(template).toMatch(/^requirepass \{\{ printf "%q" \(secret "redis_password"\) \}\}$/m);
        const password = redis.secrets.find((s: { target: string }) => s.target === 'redis_password');
        expect(password.source).toBe(stack.services.server.secrets.find((s: { target: string }) => s.target === 'redis_password').source);
    });

    it('fits the Postgres connection budget at the stated largest scale', () => {
        const env = taskEnv(stack.services.server);
        const worker = taskEnv(stack.services.worker);
        const maxConnections = Number(/max_connections=(\d+)/.exec(stack.services.postgres.command.join(' '))?.[1]);
        // MAX_SERVER_REPLICAS states the most tasks there will be: the running ones plus a start-first update's.
        expect(env.MAX_SERVER_REPLICAS).toBeGreaterThanOrEqual(stack.services.server.deploy.replicas + 1);
        expect(env.MAX_WORKER_REPLICAS).toBeGreaterThanOrEqual(stack.services.worker.deploy.replicas + 1);
        const budget = connectionBudget(
            {
                poolSize: env.DB_POOL_SIZE,
                serverReplicas: env.MAX_SERVER_REPLICAS,
                serverProcesses: env.SERVER_PROCESSES,
                workerReplicas: worker.MAX_WORKER_REPLICAS,
                workerProcesses: worker.WORKER_PROCESSES,
                migrateProcesses: 1,
            },
            maxConnections,
        );
        expect(budget.needed, `needs ${budget.needed} of ${budget.available}`).toBeLessThanOrEqual(budget.available);
    });
});
