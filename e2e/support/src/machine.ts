import os from 'node:os';

import { tryDocker } from './docker-cli';

/**
 * The machine a suite ran on, in one line for its report: numbers about failures and recovery
 * mean little without the cores, memory and Docker they were measured on.
 */
export async function describeMachine(): Promise<string> {
    const [engine, compose] = await Promise.all([
        tryDocker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 30_000 }),
        tryDocker(['compose', 'version', '--short'], { timeoutMs: 30_000 }),
    ]);
    const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
    const memGiB = Math.round(os.totalmem() / 2 ** 30);
    return (
        `${os.cpus().length} cores (${cpu}), ${memGiB} GiB, ${os.type()} ${os.release()}, ` +
        `Docker ${engine.stdout.trim() || '?'}, compose ${compose.stdout.trim() || '?'}, Node ${process.version}`
    );
}
