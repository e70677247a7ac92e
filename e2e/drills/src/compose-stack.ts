import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { mustRun, REPO_ROOT, run, type CommandResult } from './run-command';

export interface ContainerState {
    ID: string;
    Name: string;
    Service: string;
    State: string;
    Health: string;
    ExitCode: number;
}

/** What `docker inspect` says about one container, reduced to what the drills compare. */
export interface ContainerLife {
    id: string;
    status: string;
    health: string;
    exitCode: number;
    restartCount: number;
    startedAt: string;
}

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * The repository's compose.yaml under a project name of its own (`vs-drills-…`), so that the
 * drills never touch another stack on the same Docker host.
 */
export class DrillStack {
    readonly name = `vs-drills-${process.pid}-${randomBytes(3).toString('hex')}`;
    readonly composeFile = path.join(REPO_ROOT, 'compose.yaml');

    constructor(readonly envFile: string) {}

    /** The variables through which `docker compose` (and so scripts/rolling-restart.sh) finds this stack. */
    get composeEnv(): Record<string, string> {
        return { COMPOSE_PROJECT_NAME: this.name, COMPOSE_FILE: this.composeFile, COMPOSE_ENV_FILES: this.envFile };
    }

    compose(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
        return mustRun('docker', ['compose', ...this.baseArgs(), ...args], timeoutMs);
    }

    tryCompose(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
        return run('docker', ['compose', ...this.baseArgs(), ...args], timeoutMs);
    }

    private baseArgs(): string[] {
        return ['-p', this.name, '-f', this.composeFile, '--env-file', this.envFile];
    }

    /** Every container of a service, stopped ones included. */
    async containers(service: string): Promise<ContainerState[]> {
        const { stdout } = await this.compose(['ps', '-a', '--format', 'json', service]);
        return stdout
            .split('\n')
            .filter(line => line.trim())
            .flatMap(line => [JSON.parse(line)].flat() as ContainerState[]);
    }

    async running(service: string): Promise<ContainerState[]> {
        return (await this.containers(service)).filter(c => c.State === 'running');
    }

    async life(containerId: string): Promise<ContainerLife> {
        const { stdout } = await mustRun('docker', ['inspect', containerId], 30_000);
        const [c] = JSON.parse(stdout);
        return {
            id: c.Id,
            status: c.State.Status,
            health: c.State.Health?.Status ?? 'none',
            exitCode: c.State.ExitCode,
            restartCount: c.RestartCount,
            startedAt: c.State.StartedAt,
        };
    }

    /** Polls `docker inspect` (cheaper than `compose ps`) until the container reports healthy. */
    async waitHealthy(containerId: string, timeoutMs: number): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const { health, status } = await this.life(containerId);
            if (health === 'healthy') {
                return;
            }
            if (Date.now() > deadline) {
                throw new Error(`${containerId.slice(0, 12)} not healthy after ${timeoutMs} ms (${status}/${health})`);
            }
            await sleep(500);
        }
    }

    /** Back to `count` healthy servers, starting stopped ones or adding new ones, never recreating. */
    async scaleServers(count: number): Promise<void> {
        await this.compose(
            ['up', '--detach', '--no-deps', '--no-recreate', '--scale', `server=${count}`, '--wait', '--wait-timeout', '300', 'server'],
            360_000,
        );
    }

    async logs(service: string, since?: string): Promise<string> {
        const { stdout } = await this.compose(['logs', '--no-color', ...(since ? ['--since', since] : []), service]);
        return stdout;
    }

    /** Removes everything the project made, volumes included; never throws, for afterAll. */
    async down(): Promise<void> {
        const result = await this.tryCompose(['down', '-v', '--remove-orphans', '--timeout', '10'], 180_000);
        if (result.code !== 0) {
            console.error(`compose down for ${this.name} failed:\n${result.stderr}`);
        }
    }
}

/**
 * Docker's embedded DNS answers every name of a compose network. A `docker swarm leave` on the same
 * daemon silently breaks it for networks that already exist (moby/moby#45144): running servers
 * keep their connections, but any new connection (a restarted server, a reconnect) fails with
 * ENOTFOUND. Checked before each drill, so such a drill fails with the cause, not with a symptom.
 */
export async function assertServiceDns(containerId: string, names: string[]): Promise<void> {
    const script = `Promise.all(${JSON.stringify(names)}.map(n => require('dns').promises.lookup(n).catch(e => { throw new Error(n + ': ' + e.code); })))`;
    const result = await run('docker', ['exec', containerId, 'node', '-e', script], 30_000);
    if (result.code !== 0) {
        throw new Error(
            `Docker's embedded DNS does not resolve ${names.join(', ')} inside ${containerId.slice(0, 12)} ` +
                `(${result.stderr.split('\n').find(l => l.startsWith('Error')) ?? result.stderr.slice(-200)}); ` +
                `was this daemon in swarm mode and left it since the stack started (moby/moby#45144)?`,
        );
    }
}
