import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './repo-root';
import { mustRun, run, type CommandResult } from './run-command';
import { waitFor } from './vitest-wait-for';

/** One line of `docker compose ps --format json`. */
export interface ContainerState {
    ID: string;
    Name: string;
    Service: string;
    State: string;
    Health: string;
    ExitCode: number;
}

/** What `docker inspect` says about one container, reduced to what a restart or a crash changes. */
export interface ContainerLife {
    id: string;
    status: string;
    health: string;
    exitCode: number;
    restartCount: number;
    startedAt: string;
}

export interface ComposeProjectOptions {
    /**
     * The start of the project name; COMPOSE_E2E_PREFIX (else `vs-e2e`) unless given, so that two
     * people's runs on one Docker host can be told apart by name.
     */
    namePrefix?: string;
    /** Where {@link ComposeProject.down} first keeps every service's log; nowhere unless given. */
    logDir?: string;
    /**
     * Variables for compose's interpolation on top of the env file (as a shell's would be: they
     * win over the file), for a stack that must use an env file unchanged, such as .env.example.
     */
    env?: Record<string, string>;
}

/**
 * The repository's compose.yaml under a project name of its own (`<prefix>-<pid>-<random>`), so
 * that a suite never touches anyone else's stack on the same Docker host.
 */
export class ComposeProject {
    readonly name: string;
    readonly composeFile = path.join(REPO_ROOT, 'compose.yaml');
    private readonly logDir: string | undefined;
    private readonly env: Record<string, string>;

    constructor(
        readonly envFile: string,
        { namePrefix = process.env.COMPOSE_E2E_PREFIX ?? 'vs-e2e', logDir, env = {} }: ComposeProjectOptions = {},
    ) {
        this.name = `${namePrefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
        this.logDir = logDir;
        this.env = env;
    }

    /** The variables through which `docker compose` (and so scripts/rolling-restart.sh) finds this project. */
    get composeEnv(): Record<string, string> {
        return { ...this.env, COMPOSE_PROJECT_NAME: this.name, COMPOSE_FILE: this.composeFile, COMPOSE_ENV_FILES: this.envFile };
    }

    /** `docker compose …` on this project; throws on a non-zero exit. */
    compose(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
        return mustRun('docker', ['compose', ...this.baseArgs(), ...args], timeoutMs, { env: this.env });
    }

    /** `docker compose …` on this project, for callers that expect it to fail. */
    tryCompose(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
        return run('docker', ['compose', ...this.baseArgs(), ...args], timeoutMs, { env: this.env });
    }

    /**
     * A secret as the stack's `secrets` job left it in its volume (mounted read-only at
     * /run/secrets in every app container), read in a running container of `service`.
     */
    async secret(name: string, service = 'server'): Promise<string> {
        const { stdout } = await this.compose(['exec', '-T', service, 'cat', `/run/secrets/${name}`], 30_000);
        return stdout;
    }

    /**
     * redis-cli in the Redis container, authenticated with the password from the secrets volume:
     * set in REDISCLI_AUTH for this one command, so it is in no argv and no container environment.
     */
    redisCli(args: string[], timeoutMs = 60_000): Promise<CommandResult> {
        const withAuth = 'REDISCLI_AUTH="$(cat /run/secrets/redis_password)" exec redis-cli "$@"';
        return this.compose(['exec', '-T', 'redis', 'sh', '-c', withAuth, 'redis-cli', ...args], timeoutMs);
    }

    private baseArgs(): string[] {
        return ['-p', this.name, '-f', this.composeFile, '--env-file', this.envFile];
    }

    /** Every container of a service, stopped ones included. */
    async containers(service: string): Promise<ContainerState[]> {
        const { stdout } = await this.compose(['ps', '-a', '--format', 'json', service]);
        // Older compose prints one JSON array, newer one object per line: both end up flat.
        return stdout
            .split('\n')
            .filter(line => line.trim())
            .flatMap(line => [JSON.parse(line)].flat() as ContainerState[]);
    }

    async running(service: string): Promise<ContainerState[]> {
        return (await this.containers(service)).filter(c => c.State === 'running');
    }

    /** The whole of `docker inspect` for one container. */
    async inspect(containerId: string): Promise<any> {
        const { stdout } = await mustRun('docker', ['inspect', containerId], 30_000);
        return JSON.parse(stdout)[0];
    }

    async life(containerId: string): Promise<ContainerLife> {
        const c = await this.inspect(containerId);
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
        await waitFor(
            async () => {
                const { health, status } = await this.life(containerId);
                if (health !== 'healthy') {
                    // Thrown, so that the give-up message says where it stood.
                    throw new Error(`${containerId.slice(0, 12)} is not healthy yet: ${status}/${health}`);
                }
            },
            { timeout: timeoutMs, interval: 500 },
        );
    }

    /** Back to `count` healthy servers, starting stopped ones or adding new ones, never recreating. */
    async scaleServers(count: number): Promise<void> {
        await this.compose(
            ['up', '--detach', '--no-deps', '--no-recreate', '--scale', `server=${count}`, '--wait', '--wait-timeout', '300', 'server'],
            360_000,
        );
    }

    /** A service's log, without the container prefix, so that each line is what the process wrote. */
    async logs(service: string): Promise<string> {
        const { stdout } = await this.compose(['logs', '--no-color', '--no-log-prefix', service]);
        return stdout;
    }

    /**
     * Removes everything the project made, volumes included; never throws, for use in afterAll.
     * With a `logDir`, every service's log is kept there first, for a failure.
     */
    async down(): Promise<void> {
        if (this.logDir) {
            const logs = await this.tryCompose(['logs', '--no-color', '--timestamps'], 60_000);
            mkdirSync(this.logDir, { recursive: true });
            writeFileSync(path.join(this.logDir, `${this.name}.log`), `${logs.stdout}${logs.stderr}`);
        }
        const result = await this.tryCompose(['down', '-v', '--remove-orphans', '--timeout', '10'], 180_000);
        if (result.code !== 0) {
            console.error(`compose down for ${this.name} failed:\n${result.stderr}`);
        }
    }
}
