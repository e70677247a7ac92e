import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * What the docker CLI needs from the caller's environment, and nothing else: compose lets shell
 * variables override the env file, and vitest itself sets NODE_ENV=test.
 */
function dockerEnv(): NodeJS.ProcessEnv {
    const keep = ['PATH', 'HOME', 'TMPDIR', 'XDG_RUNTIME_DIR'];
    return Object.fromEntries(
        Object.entries(process.env).filter(([name]) => keep.includes(name) || name.startsWith('DOCKER_')),
    );
}

export function run(command: string, args: string[], timeoutMs: number): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: REPO_ROOT, env: dockerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => (stdout += chunk));
        child.stderr.on('data', chunk => (stderr += chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', reject);
        child.on('close', code => {
            clearTimeout(timer);
            resolve({ code: code ?? -1, stdout, stderr });
        });
    });
}

/** A compose project of its own (`-p vs-e2e-…`), so that a test never touches anyone else's stack. */
export class ComposeProject {
    constructor(
        readonly envFile: string,
        // COMPOSE_E2E_PREFIX lets two people's runs on one Docker host be told apart by name.
        readonly name = `${process.env.COMPOSE_E2E_PREFIX ?? 'vs-e2e'}-${process.pid}-${randomBytes(3).toString('hex')}`,
    ) {}

    /** Runs `docker compose …` on the repository's compose.yaml; throws on a non-zero exit. */
    async compose(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
        const result = await this.tryCompose(args, timeoutMs);
        if (result.code !== 0) {
            throw new Error(`docker compose ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(-4000)}`);
        }
        return result;
    }

    tryCompose(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
        const base = ['compose', '-p', this.name, '-f', path.join(REPO_ROOT, 'compose.yaml'), '--env-file', this.envFile];
        return run('docker', [...base, ...args], timeoutMs);
    }

    /** Every container of a service, stopped ones included. */
    async containers(service: string): Promise<ContainerState[]> {
        const { stdout } = await this.compose(['ps', '-a', '--format', 'json', service]);
        return stdout
            .split('\n')
            .filter(line => line.trim())
            .flatMap(line => [JSON.parse(line)].flat() as ContainerState[]);
    }

    async inspect(containerId: string): Promise<any> {
        const result = await run('docker', ['inspect', containerId], 30_000);
        if (result.code !== 0) {
            throw new Error(`docker inspect ${containerId}: ${result.stderr}`);
        }
        return JSON.parse(result.stdout)[0];
    }

    async logs(service: string): Promise<string> {
        const { stdout } = await this.compose(['logs', '--no-color', '--no-log-prefix', service]);
        return stdout;
    }

    /**
     * Removes everything the project made, volumes included; never throws, for use in afterAll.
     * The logs of every service are kept first, in test-results/ (gitignored), for a failure.
     */
    async down(): Promise<void> {
        const logs = await this.tryCompose(['logs', '--no-color', '--timestamps'], 60_000);
        const results = path.join(__dirname, '../test-results');
        mkdirSync(results, { recursive: true });
        writeFileSync(path.join(results, `${this.name}.log`), `${logs.stdout}${logs.stderr}`);
        const result = await this.tryCompose(['down', '-v', '--remove-orphans', '--timeout', '10'], 180_000);
        if (result.code !== 0) {
            console.error(`compose down for ${this.name} failed:\n${result.stderr}`);
        }
    }
}

export interface ContainerState {
    ID: string;
    Name: string;
    Service: string;
    State: string;
    Health: string;
    ExitCode: number;
}
