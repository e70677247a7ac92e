import { mustRun, run, type CommandResult, type RunOptions } from './run-command';

export interface DockerOptions extends RunOptions {
    /** A minute unless given; the slow calls (a build, a deploy) say how long they may take. */
    timeoutMs?: number;
}

/** The docker CLI through {@link run}: never throws for a non-zero exit. Killed at the timeout. */
export function tryDocker(args: string[], { timeoutMs = 60_000, ...options }: DockerOptions = {}): Promise<CommandResult> {
    return run('docker', args, timeoutMs, options);
}

/** The docker CLI through {@link mustRun}: its stdout, or an error with its output on a non-zero exit. */
export async function docker(args: string[], { timeoutMs = 60_000, ...options }: DockerOptions = {}): Promise<string> {
    return (await mustRun('docker', args, timeoutMs, options)).stdout;
}

/** Non-empty lines of a CLI answer. */
export const lines = (text: string) => text.split('\n').map(line => line.trim()).filter(Boolean);
