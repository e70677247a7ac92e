import { mustRun, run, type CommandResult, type RunOptions } from '@vendure-scale/e2e-support';

export interface DockerOptions extends RunOptions {
    /** A minute unless given; the slow calls (the build, the deploy) say how long they may take. */
    timeoutMs?: number;
}

/** Runs the docker CLI; never throws for a non-zero exit (see {@link docker}). Killed at the timeout. */
export function tryDocker(args: string[], { timeoutMs = 60_000, ...options }: DockerOptions = {}): Promise<CommandResult> {
    return run('docker', args, timeoutMs, options);
}

/** Runs the docker CLI and returns its stdout; throws with its output on a non-zero exit. */
export async function docker(args: string[], { timeoutMs = 60_000, ...options }: DockerOptions = {}): Promise<string> {
    return (await mustRun('docker', args, timeoutMs, options)).stdout;
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
