import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { RoleProcess } from './role-process';
import { startServices, type Services } from './services';

/** A compiled entry of the repo's apps, the file the image runs for that role. */
export const appEntry = (app: string, file: string) => require.resolve(`@vendure-scale/${app}/dist/${file}`);

/**
 * What every cluster suite sets up the same way: real Postgres and Redis, the settings all its
 * roles share, and the processes and directories it creates. `stop()` removes them all, also
 * after a failed test.
 */
export class TestCluster {
    readonly processes: RoleProcess[] = [];
    readonly superadmin: { username: string; password: string };
    /** The environment every role gets: the services, one cookie secret, the superadmin, ASSET_DIR. */
    readonly env: Record<string, string>;
    private readonly tempDirs: string[] = [];

    private constructor(
        readonly services: Services,
        suite: string,
        settings: Record<string, string>,
    ) {
        this.superadmin = { username: 'superadmin', password: `${suite}-test-superadmin` };
        this.env = {
            ...services.env,
            COOKIE_SECRET: `${suite}-test-cookie-secret-0123456789abcdef`,
            SUPERADMIN_USERNAME: this.superadmin.username,
            SUPERADMIN_PASSWORD: this.superadmin.password,
            ASSET_DIR: this.tempDir(`vs-${suite}-assets-`),
            SHUTDOWN_GRACE_MS: '5000',
            ...settings,
        };
    }

    /** `suite` names its secrets and directories; `settings` are added to every role's environment. */
    static async start(suite: string, settings: Record<string, string> = {}): Promise<TestCluster> {
        return new TestCluster(await startServices(), suite, settings);
    }

    /** A directory removed by stop(). */
    tempDir(prefix: string): string {
        const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
        this.tempDirs.push(dir);
        return dir;
    }

    /** A role with the shared environment plus `env`, stopped by stop(). */
    spawn(name: string, entry: string, env: Record<string, string> = {}): RoleProcess {
        const role = RoleProcess.spawn(name, entry, { ...this.env, ...env });
        this.processes.push(role);
        return role;
    }

    /** spawn(), then wait until `healthUrl` answers 200. */
    async startRole(name: string, entry: string, env: Record<string, string>, healthUrl: string): Promise<RoleProcess> {
        const role = this.spawn(name, entry, env);
        await role.waitForHealth(healthUrl);
        return role;
    }

    async stop(): Promise<void> {
        await Promise.allSettled(this.processes.map(p => p.stop()));
        await this.services.stop();
        for (const dir of this.tempDirs) rmSync(dir, { recursive: true, force: true });
    }
}
