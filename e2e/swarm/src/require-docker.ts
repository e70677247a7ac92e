import { tryDocker, type CommandResult } from '@vendure-scale/e2e-support';

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
