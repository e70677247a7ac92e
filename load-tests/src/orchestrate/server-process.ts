import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';

import { waitForInstances } from './wait-for-instances';

export interface ServerProcess {
    child: ChildProcess;
    baseUrl: string;
    stop(): Promise<void>;
}

/**
 * Starts one server process on 127.0.0.1:port with the caller's environment (DB_*, REDIS_*, ...),
 * logging to logFile, and waits until it answers. stop() ends that process only, by its pid.
 */
export async function startServerProcess(script: string, port: number, logFile: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [script], {
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', log, log],
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const stop = () =>
        new Promise<void>(resolve => {
            if (child.exitCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
                clearTimeout(force);
                resolve();
            });
            child.kill('SIGTERM');
        });
    // A process that exits at start-up (bad env, say) fails this at once, not after the wait.
    const exited = new Promise<never>((_, reject) =>
        child.once('exit', code => reject(new Error(`${script} exited with ${code} at start-up (see ${logFile})`))),
    );
    const seen = await Promise.race([waitForInstances(baseUrl, 1, 120_000), exited]);
    if (!seen.length) {
        await stop();
        throw new Error(`${script} did not answer on ${baseUrl} within 120 s (see ${logFile})`);
    }
    return { child, baseUrl, stop };
}
