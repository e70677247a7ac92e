import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../src/repo-root';
import { mustRun, run } from '../src/run-command';

const node = (script: string) => [process.execPath, ['-e', script]] as const;

describe('run', () => {
    it('runs from the repository root with only the passed-through variables and the extra ones', async () => {
        process.env.DOCKER_UNIT_TEST = 'kept';
        const [command, args] = node(
            'console.log(JSON.stringify({ cwd: process.cwd(), nodeEnv: process.env.NODE_ENV ?? null, docker: process.env.DOCKER_UNIT_TEST, extra: process.env.EXTRA }))',
        );
        try {
            const result = await run(command, [...args], 10_000, { env: { EXTRA: 'yes' } });
            expect(result.code).toBe(0);
            // vitest sets NODE_ENV=test, which must not reach a stack.
            expect(JSON.parse(result.stdout)).toEqual({ cwd: REPO_ROOT, nodeEnv: null, docker: 'kept', extra: 'yes' });
        } finally {
            delete process.env.DOCKER_UNIT_TEST;
        }
    });

    it('sends stdin and closes it; without input a reader sees the end at once', async () => {
        const [command, args] = node('let s = ""; process.stdin.on("data", c => (s += c)).on("end", () => console.log(`[${s}]`))');
        expect((await run(command, [...args], 10_000, { stdin: 'secret' })).stdout.trim()).toBe('[secret]');
        expect((await run(command, [...args], 10_000)).stdout.trim()).toBe('[]');
    });

    it('resolves with a failing exit code and both streams', async () => {
        const [command, args] = node('console.log("out"); console.error("err"); process.exit(3)');
        expect(await run(command, [...args], 10_000)).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    });

    it('kills a command at the timeout and says so', async () => {
        const [command, args] = node('setTimeout(() => undefined, 60_000)');
        const started = Date.now();
        const result = await run(command, [...args], 300);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(result.code).toBe(-1);
        expect(result.stderr).toContain('(killed after 300 ms)');
    });

    it('rejects when the command does not exist', async () => {
        await expect(run('vs-no-such-command', [], 10_000)).rejects.toThrow(/ENOENT/);
    });
});

describe('mustRun', () => {
    it('returns the result of a command that succeeded', async () => {
        const [command, args] = node('console.log("fine")');
        expect((await mustRun(command, [...args], 10_000)).stdout).toBe('fine\n');
    });

    it('throws with the exit code and the end of stderr, or of stdout when stderr is empty', async () => {
        const [command, args] = node('console.error("broken"); process.exit(2)');
        await expect(mustRun(command, [...args], 10_000)).rejects.toThrow(/exited 2:\nbroken$/);
        const [command2, args2] = node('console.log("said on stdout"); process.exit(1)');
        await expect(mustRun(command2, [...args2], 10_000)).rejects.toThrow(/exited 1:\nsaid on stdout$/);
    });
});
