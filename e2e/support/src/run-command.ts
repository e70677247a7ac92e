import { spawn } from 'node:child_process';

import { REPO_ROOT } from './repo-root';

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface RunOptions {
    /** Set on top of the few variables passed through from the caller (see {@link commandEnv}). */
    env?: Record<string, string>;
    /** Written to the command's standard input, which is then closed. */
    stdin?: string;
}

const PASSED_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'XDG_RUNTIME_DIR'];

/**
 * The caller's PATH, HOME, temp dirs and DOCKER_* only, plus `extra`: compose lets shell variables
 * override the env file, `docker stack deploy` fills a stack file's ${VAR:-default} from its
 * environment, and vitest itself sets NODE_ENV=test, none of which may leak into a stack.
 */
export function commandEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const inherited = Object.entries(process.env).filter(
        ([name]) => PASSED_THROUGH.includes(name) || name.startsWith('DOCKER_'),
    );
    return { ...Object.fromEntries(inherited), ...extra };
}

/**
 * Runs a command from the repository root and resolves with its exit code and output, whatever the
 * code (see {@link mustRun}). Killed at `timeoutMs`, so that no test can hang on a command.
 */
export function run(
    command: string,
    args: string[],
    timeoutMs: number,
    { env = {}, stdin }: RunOptions = {},
): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: REPO_ROOT, env: commandEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => (stdout += chunk));
        child.stderr.on('data', chunk => (stderr += chunk));
        // Closed at once when there is nothing to send, so that no command waits on input. A
        // command that never reads it may exit first: that EPIPE is not the command's failure.
        child.stdin.on('error', () => undefined);
        child.stdin.end(stdin ?? '');
        const timer = setTimeout(() => {
            // Said in the output, since a killed command's exit code alone looks like any failure.
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

/** Like {@link run}, but a non-zero exit is an error that carries the end of the output. */
export async function mustRun(
    command: string,
    args: string[],
    timeoutMs: number,
    options: RunOptions = {},
): Promise<CommandResult> {
    const result = await run(command, args, timeoutMs, options);
    if (result.code !== 0) {
        // Some commands (docker compose among them) say why they failed on stdout only.
        const output = result.stderr.trim() || result.stdout.trim();
        throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${output.slice(-4000)}`);
    }
    return result;
}
