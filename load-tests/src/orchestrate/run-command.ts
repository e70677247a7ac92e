import { execFile } from 'node:child_process';

export interface CommandResult {
    stdout: string;
    stderr: string;
}

/** Runs a command (no shell) with a hard time limit; rejects with its stderr on failure. */
export function runCommand(file: string, args: string[], options: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        execFile(
            file,
            args,
            { timeout: options.timeoutMs, env: options.env ?? process.env, cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 },
            (error, stdout, stderr) => {
                if (error) {
                    const why = error.killed ? `timed out after ${options.timeoutMs} ms` : `exit ${String(error.code)}`;
                    reject(new Error(`${file} ${args.join(' ')}: ${why}\n${stderr.trim().split('\n').slice(-15).join('\n')}`));
                    return;
                }
                resolve({ stdout, stderr });
            },
        );
    });
}
