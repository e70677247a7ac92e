import { ComposeProject, writeStackEnv, type StackEnv } from '@vendure-scale/e2e-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOG_DIR, SUITE } from '../src/suite';

/** One file of the secrets volume: its content, mode and owner. */
interface SecretFile {
    content: string;
    mode: string;
    owner: string;
}

const GIVEN_DB_PASSWORD = 'db-password-given-in-dotenv-0123456789';

let env: StackEnv;
let project: ComposeProject;

beforeAll(async () => {
    env = await writeStackEnv(SUITE, { set: { DB_PASSWORD: GIVEN_DB_PASSWORD } });
    project = new ComposeProject(env.file, { logDir: LOG_DIR });
});

afterAll(async () => {
    await project?.down();
});

/** The secrets volume as the apps see it (read-only at /run/secrets), through a throwaway app container. */
async function secretFiles(): Promise<Record<string, SecretFile>> {
    const script = `const fs = require('node:fs');
        const files = {};
        for (const name of fs.readdirSync('/run/secrets')) {
            const { mode, uid, gid } = fs.statSync('/run/secrets/' + name);
            files[name] = { content: fs.readFileSync('/run/secrets/' + name, 'utf8'), mode: (mode & 0o777).toString(8), owner: uid + ':' + gid };
        }
        console.log(JSON.stringify(files));`;
    const { stdout } = await project.compose(['run', '--rm', '--no-deps', '-T', '--entrypoint', 'node', 'server', '-e', script], 120_000);
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** The secrets job once more, with `overrides` as if .env had set them; its exit code and output. */
async function rerun(overrides: Record<string, string>) {
    const vars = Object.entries(overrides).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    const result = await project.tryCompose(['run', '--rm', '-T', ...vars, 'secrets'], 120_000);
    return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

describe('the secrets job', () => {
    it('7a. writes a secret given in .env as given and generates the others, each file readable only by whom needs it', async () => {
        await project.compose(['up', '--build', '--exit-code-from', 'secrets', 'secrets'], 900_000);
        const files = await secretFiles();
        expect(Object.keys(files).sort()).toEqual(['cookie_secret', 'db_password', 'redis.conf', 'redis_password', 'superadmin_password']);
        expect(files.db_password.content).toBe(GIVEN_DB_PASSWORD);
        expect(files.superadmin_password.content).toBe(env.superadmin.password);
        for (const name of ['cookie_secret', 'redis_password']) {
            // 32 random bytes in base64url: above every minimum length the apps check.
            expect(files[name].content, name).toMatch(/^[A-Za-z0-9_-]{43}$/);
        }
        expect(files.cookie_secret.content).not.toBe(files.redis_password.content);
        expect(files['redis.conf'].content).toContain(`\nrequirepass "${files.redis_password.content}"\n`);
        // Owned by the apps' user (node); Postgres and Redis read theirs through their group, 999.
        expect(Object.fromEntries(Object.entries(files).map(([name, f]) => [name, `${f.mode} ${f.owner}`]))).toEqual({
            cookie_secret: '400 1000:1000',
            superadmin_password: '400 1000:1000',
            redis_password: '400 1000:1000',
            db_password: '440 1000:999',
            'redis.conf': '440 1000:999',
        });
        const log = await project.logs('secrets');
        expect(log).toContain('db_password: from DB_PASSWORD');
        expect(log).toContain('cookie_secret: generated');
        for (const file of Object.values(files)) {
            expect(log).not.toContain(file.content.trim());
        }
    }, 960_000);

    it('7b. keeps every secret across runs, and replaces only the one .env now sets', async () => {
        const before = await secretFiles();
        expect((await rerun({})).code).toBe(0);
        expect(await secretFiles()).toEqual(before);

        const cookie = 'a-cookie-secret-the-operator-chose-0123456789';
        const { code, output } = await rerun({ COOKIE_SECRET: cookie });
        expect(code).toBe(0);
        expect(output).toContain('cookie_secret: from COOKIE_SECRET');
        const after = await secretFiles();
        expect(after.cookie_secret.content).toBe(cookie);
        expect({ ...after, cookie_secret: before.cookie_secret }).toEqual(before);
    });

    it('7c. escapes a Redis password for redis.conf, so that no value adds a directive of its own', async () => {
        const password = 'pass word"\\ninclude /etc/passwd';
        expect((await rerun({ REDIS_PASSWORD: password })).code).toBe(0);
        const files = await secretFiles();
        expect(files.redis_password.content).toBe(password);
        const directives = files['redis.conf'].content.split('\n').filter(line => line && !line.startsWith('#'));
        expect(directives).toEqual(['requirepass "pass\\x20word\\x22\\x5cninclude\\x20/etc/passwd"']);
    });

    it('7d. refuses a value with a line break, naming the setting, echoing nothing and changing no file', async () => {
        const before = await secretFiles();
        const { code, output } = await rerun({ SUPERADMIN_PASSWORD: 'first-line\nsecond-line' });
        expect(code).not.toBe(0);
        expect(output).toContain('SUPERADMIN_PASSWORD contains a line break');
        expect(output).not.toContain('first-line');
        expect(await secretFiles()).toEqual(before);
    });
});
