import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import { vi } from 'vitest';

/** One Vendure role as a real child process, with its output kept for assertions and failures. */
export class RoleProcess {
    private output = '';
    private exitCode: number | null | undefined;
    private readonly exited: Promise<number | null>;

    private constructor(
        readonly name: string,
        private readonly child: ChildProcess,
    ) {
        child.stdout!.on('data', chunk => (this.output += chunk));
        child.stderr!.on('data', chunk => (this.output += chunk));
        this.exited = once(child, 'exit').then(([code]) => (this.exitCode = code as number | null));
    }

    static spawn(name: string, entry: string, env: Record<string, string>): RoleProcess {
        const child = spawn(process.execPath, [entry], {
            env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', INSTANCE_ID: name, ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        return new RoleProcess(name, child);
    }

    get logs(): string {
        return this.output;
    }

    get pid(): number {
        return this.child.pid!;
    }

    /** Polls `url` until it answers 200; fails early, with the logs, if the process dies. */
    async waitForHealth(url: string, timeoutMs = 90_000): Promise<void> {
        await vi
            .waitFor(
                async () => {
                    // A dead process ends the wait at once; the check after it says so.
                    if (this.exitCode !== undefined) return;
                    const res = await fetch(url);
                    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
                },
                { timeout: timeoutMs, interval: 250 },
            )
            .catch((error: Error) => {
                throw new Error(`${this.name} was not healthy at ${url} within ${timeoutMs} ms (${error.message}):\n${this.output}`);
            });
        if (this.exitCode !== undefined) {
            throw new Error(`${this.name} exited with ${this.exitCode} before it was healthy:\n${this.output}`);
        }
    }

    /** Resolves with the exit code; kills the process if it does not exit in time. */
    async waitForExit(timeoutMs = 90_000): Promise<number | null> {
        const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
        try {
            return await this.exited;
        } finally {
            clearTimeout(timer);
        }
    }

    async stop(timeoutMs = 20_000): Promise<number | null> {
        if (this.exitCode === undefined) {
            this.child.kill('SIGTERM');
        }
        return this.waitForExit(timeoutMs);
    }
}
