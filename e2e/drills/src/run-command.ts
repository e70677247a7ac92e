import { spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Only what the docker CLI needs from the caller: compose lets shell variables override the env
 * file, and vitest itself sets NODE_ENV=test, which must not leak into the stack.
 */
function dockerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const keep = ['PATH', 'HOME', 'TMPDIR', 'XDG_RUNTIME_DIR'];
    const inherited = Object.entries(process.env).filter(([name]) => keep.includes(name) || name.startsWith('DOCKER_'));
    return { ...Object.fromEntries(inherited), ...extra };
}

/** Runs a command from the repository root; killed at `timeoutMs`, so no drill can hang on it. */
export function run(
    command: string,
    args: string[],
    timeoutMs: number,
    extraEnv: Record<string, string> = {},
): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: REPO_ROOT, env: dockerEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Like `run`, but a non-zero exit is an error that carries the end of stderr. */
export async function mustRun(command: string, args: string[], timeoutMs: number, extraEnv: Record<string, string> = {}) {
    const result = await run(command, args, timeoutMs, extraEnv);
    if (result.code !== 0) {
        throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${(result.stderr || result.stdout).slice(-4000)}`);
    }
    return result;
}
