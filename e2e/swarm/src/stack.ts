import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { docker, lines, REPO_ROOT, tryDocker } from '@vendure-scale/e2e-support';
import { vi } from 'vitest';

import { cleanUpSteps } from './clean-up-steps';

export const STACK_FILE = path.join(REPO_ROOT, 'deploy/swarm/stack.yaml');

/** The external secrets deploy/swarm/stack.yaml names, each created before the deploy. */
const SECRET_NAMES = ['vendure_cookie_secret', 'vendure_db_password', 'vendure_redis_password', 'vendure_superadmin_password'];

/** One task of a service, from `docker inspect` of the task. */
export interface Task {
    ID: string;
    Slot?: number;
    DesiredState: string;
    Status: { State: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
    Spec: { ContainerSpec: { Image: string } };
}

export interface StackSettings {
    image: string;
    httpPort: number;
    serverTasks: number;
    workerTasks: number;
}

/**
 * deploy/swarm/stack.yaml deployed under a name of this run's own (`vs-swarm-…`), with secrets
 * and the nginx config under the same prefix, so that nothing it creates can be mistaken for
 * anyone else's and two runs on one swarm never meet.
 */
export class SwarmStack {
    readonly name = `vs-swarm-${process.pid}-${randomBytes(3).toString('hex')}`;
    private readonly prefix = `${this.name}_`;
    private readonly createdSecrets: string[] = [];
    private removed = false;

    constructor(private readonly settings: StackSettings) {}

    get baseUrl(): string {
        return `http://127.0.0.1:${this.settings.httpPort}`;
    }

    service(name: string): string {
        return `${this.name}_${name}`;
    }

    /** What `docker stack deploy` fills the stack file's variables from. */
    private env(): Record<string, string> {
        return {
            VENDURE_IMAGE: this.settings.image,
            SERVER_TASKS: String(this.settings.serverTasks),
            WORKER_TASKS: String(this.settings.workerTasks),
            HTTP_PORT: String(this.settings.httpPort),
            // The test tells tasks apart by X-Vendure-Instance.
            INSTANCE_HEADER: 'true',
            // Every request of this suite comes from one address, faster than a storefront's: it
            // proves balancing and rolling, not nginx's per-address Shop API limit (compose-e2e does).
            NGINX_SHOP_API_RATE: '10000r/s',
            NGINX_SHOP_API_BURST: '10000',
            SWARM_NAME_PREFIX: this.prefix,
        };
    }

    /** Fresh random secrets, as an operator creates them, never written to a file. */
    async createSecrets(): Promise<void> {
        for (const name of SECRET_NAMES) {
            const full = `${this.prefix}${name}`;
            await docker(['secret', 'create', '--label', `vs-swarm-run=${this.name}`, full, '-'], {
                stdin: randomBytes(36).toString('base64url'),
            });
            this.createdSecrets.push(full);
        }
    }

    /** `docker stack deploy`, which only creates the services: the caller waits for them. */
    async deploy(): Promise<void> {
        // No registry here: the image exists on the only node, and resolving a digest would fail.
        await docker(['stack', 'deploy', '--resolve-image', 'never', '--compose-file', STACK_FILE, this.name], {
            env: this.env(),
            timeoutMs: 120_000,
        });
    }

    /** Every task of a service Swarm still keeps, stopped ones included. */
    async tasks(service: string): Promise<Task[]> {
        const ids = lines(await docker(['service', 'ps', '--quiet', '--no-trunc', this.service(service)]));
        return ids.length ? JSON.parse(await docker(['inspect', ...ids])) : [];
    }

    /** Tasks Swarm reports running: with a healthcheck, that means healthy, and in DNS. */
    async runningTasks(service: string): Promise<Task[]> {
        return (await this.tasks(service)).filter(t => t.DesiredState === 'running' && t.Status.State === 'running');
    }

    async inspectService(service: string): Promise<any> {
        return JSON.parse(await docker(['service', 'inspect', this.service(service)]))[0];
    }

    async scale(service: string, replicas: number): Promise<void> {
        await docker(['service', 'scale', '--detach', `${this.service(service)}=${replicas}`]);
    }

    async updateImage(service: string, image: string): Promise<void> {
        await docker(['service', 'update', '--detach', '--image', image, this.service(service)]);
    }

    async logs(service: string): Promise<string> {
        const result = await tryDocker(['service', 'logs', '--raw', '--no-trunc', this.service(service)], { timeoutMs: 30_000 });
        return result.stdout + result.stderr;
    }

    /** `docker service ps` of every service, for a failed run's log. */
    async describe(): Promise<string> {
        const services = lines(await docker(['stack', 'services', '--format', '{{.Name}}', this.name]).catch(() => ''));
        const parts = await Promise.all(
            services.map(s => tryDocker(['service', 'ps', '--no-trunc', '--format', '{{.Name}} {{.Image}} {{.DesiredState}} {{.CurrentState}} {{.Error}}', s])),
        );
        return parts.map(p => p.stdout + p.stderr).join('');
    }

    /**
     * `docker stack rm`, then what it leaves behind: node-local volumes (removable once the
     * containers are gone) and the secrets this run created. Returns what could not be removed;
     * never throws, for afterAll. Idempotent.
     */
    async remove(): Promise<string[]> {
        if (this.removed) {
            return [];
        }
        this.removed = true;
        const { problems, attempt } = cleanUpSteps();
        const label = `label=com.docker.stack.namespace=${this.name}`;
        await attempt('docker stack rm', () => docker(['stack', 'rm', this.name], { timeoutMs: 60_000 }));
        // Stopping is asynchronous and each task gets its stop_grace_period (servers drain first).
        await attempt('wait for the containers to stop', () =>
            vi.waitFor(
                async () => {
                    const running = lines(await docker(['ps', '--quiet', '--filter', label]));
                    if (running.length) {
                        throw new Error(`${running.length} of the stack's containers still running`);
                    }
                },
                { timeout: 120_000, interval: 2_000 },
            ),
        );
        // Swarm removes a stopped service's containers, except a finished job's (the migrate task).
        await attempt('remove exited containers', async () => {
            const exited = lines(await docker(['ps', '--all', '--quiet', '--filter', label]));
            if (exited.length) {
                // Swarm may remove one of them in the meantime; what is really left shows in leftovers().
                await tryDocker(['rm', '--force', ...exited]);
            }
        });
        await attempt('remove volumes', async () => {
            const volumes = lines(await docker(['volume', 'ls', '--quiet', '--filter', label]));
            if (volumes.length) {
                await docker(['volume', 'rm', ...volumes]);
            }
        });
        // stack rm removes networks as well, but gives up on one whose last endpoint is still going.
        await attempt('remove networks', () =>
            vi.waitFor(
                async () => {
                    const networks = lines(await docker(['network', 'ls', '--quiet', '--filter', label]));
                    if (networks.length) {
                        const removal = await tryDocker(['network', 'rm', ...networks]);
                        throw new Error(`${networks.length} of the stack's networks left: ${removal.stderr.trim()}`);
                    }
                },
                { timeout: 60_000, interval: 2_000 },
            ),
        );
        for (const secret of this.createdSecrets) {
            await attempt(`remove secret ${secret}`, () => docker(['secret', 'rm', secret]));
        }
        return problems;
    }

    /** Anything of this run's still on the engine, by its labels and names. */
    async leftovers(): Promise<string[]> {
        const label = `label=com.docker.stack.namespace=${this.name}`;
        const found = await Promise.all([
            docker(['service', 'ls', '--format', 'service {{.Name}}', '--filter', label]),
            docker(['ps', '--all', '--format', 'container {{.Names}}', '--filter', label]),
            docker(['volume', 'ls', '--format', 'volume {{.Name}}', '--filter', label]),
            docker(['network', 'ls', '--format', 'network {{.Name}}', '--filter', label]),
            docker(['secret', 'ls', '--format', 'secret {{.Name}}', '--filter', `name=${this.prefix}`]),
            docker(['config', 'ls', '--format', 'config {{.Name}}', '--filter', `name=${this.prefix}`]),
        ]);
        return found.flatMap(lines);
    }
}
