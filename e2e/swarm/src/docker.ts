import { spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * The caller's PATH, HOME and DOCKER_* only, plus what the caller passes: `docker stack deploy`
 * fills the stack file's ${VAR:-default} from its environment, and vitest sets NODE_ENV=test.
 */
function dockerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const keep = ['PATH', 'HOME', 'TMPDIR', 'XDG_RUNTIME_DIR'];
    const inherited = Object.entries(process.env).filter(([name]) => keep.includes(name) || name.startsWith('DOCKER_'));
    return { ...Object.fromEntries(inherited), ...extra };
}

export interface RunOptions {
    timeoutMs?: number;
    env?: Record<string, string>;
    stdin?: string;
}

/** Runs the docker CLI; never throws for a non-zero exit (see {@link docker}). Killed at the timeout. */
export function tryDocker(args: string[], { timeoutMs = 60_000, env = {}, stdin }: RunOptions = {}): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn('docker', args, {
            cwd: REPO_ROOT,
            env: dockerEnv(env),
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => (stdout += chunk));
        child.stderr.on('data', chunk => (stderr += chunk));
        // Closed at once when there is nothing to send, so no command waits on input. A command
        // that never reads it may exit first: that EPIPE is not the command's failure.
        child.stdin.on('error', () => undefined);
        child.stdin.end(stdin ?? '');
        const timer = setTimeout(() => {
            stderr += `\n(killed after ${timeoutMs} ms)`;
            child.kill('SIGKILL');
        }, timeoutMs);
        child.on('error', error => {
            clearTimeout(timer);
            reject(error);
        });
        child.on('close', code => {
            clearTimeout(timer);
            resolve({ code: code ?? -1, stdout, stderr });
        });
    });
}

/** Runs the docker CLI and returns its stdout; throws with its stderr on a non-zero exit. */
export async function docker(args: string[], options: RunOptions = {}): Promise<string> {
    const result = await tryDocker(args, options);
    if (result.code !== 0) {
        throw new Error(`docker ${args.join(' ')} exited ${result.code}:\n${result.stderr.trim().slice(-3000)}`);
    }
    return result.stdout;
}

/**
 * Fails (never skips) when there is no Docker: the swarm test is part of CI, and a missing engine
 * must not pass as green.
 */
export async function requireDocker(): Promise<void> {
    let result: CommandResult;
    try {
        result = await tryDocker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 30_000 });
    } catch (error) {
        throw new Error(`the swarm test needs the docker CLI on PATH: ${(error as Error).message}`);
    }
    if (result.code !== 0) {
        throw new Error(`the swarm test needs a running Docker Engine (docker version failed):\n${result.stderr.trim()}`);
    }
}

/** Non-empty lines of a CLI answer. */
export const lines = (text: string) => text.split('\n').map(line => line.trim()).filter(Boolean);
