import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { run, type ComposeProject, type StackEnv } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

import { loadTestEnv } from '../src/load-test-env';

/** What this suite reads of the scaling target's raw.json (load-tests/src/report/scaling-results.ts). */
interface ScalingRaw {
    rounds: number;
    instances: number[];
    serverCpus: string;
    runs: Array<{
        round: number;
        instances: number;
        instancesSeen: number;
        stoppedBy: string;
        bound: string;
        capacity?: { journeysPerSecond: number; errors: number; rateLimited: number; cpuMsPerRequest?: Record<string, number> };
    }>;
}

/**
 * `npx nx run load-tests:scaling -- --server-cpus=0.5` as the README's "What scaling buys" gives
 * it, defaults included (1, 2 and 4 servers, 3 interleaved rounds), against this stack; only the
 * steps are shorter (`--duration=5`). It rescales the stack, caps its servers and raises nginx's
 * per-address limits, so it runs last.
 */
export function loadTestScalingTests(stackOf: () => { env: StackEnv; stack: ComposeProject }) {
    describe('nx run load-tests:scaling, as the README gives it', () => {
        it('L3. finds a capacity for 1, 2 and 4 servers in each of 3 rounds, with what bounded it and the CPU per request', async () => {
            const { env, stack } = stackOf();
            const result = await run('npx', ['nx', 'run', 'load-tests:scaling', '--', '--server-cpus=0.5', '--duration=5'], 1_500_000, {
                // The README's stack is the repo's compose project; this suite's has a name of its own.
                env: { ...loadTestEnv(env), COMPOSE_PROJECT_NAME: stack.name },
            });
            console.info(result.stdout);
            expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);

            for (const n of [1, 2, 4]) {
                expect(result.stdout).toMatch(
                    new RegExp(`^CAPACITY \\(${n} servers?\\): \\d+(\\.\\d+)?( \\(\\d+(\\.\\d+)?–\\d+(\\.\\d+)?\\))? req/s, .* of 3 rounds\\); bounded by `, 'm'),
                );
            }
            const outDir = / -> (\S+)$/m.exec(result.stdout)?.[1] ?? '';
            for (const file of ['raw.json', 'scaling.md', 'scaling.svg']) {
                expect(existsSync(path.join(outDir, file)), `${file} in ${outDir}`).toBe(true);
            }
            const raw = JSON.parse(readFileSync(path.join(outDir, 'raw.json'), 'utf8')) as ScalingRaw;
            expect({ rounds: raw.rounds, instances: raw.instances, serverCpus: raw.serverCpus }).toEqual({ rounds: 3, instances: [1, 2, 4], serverCpus: '0.5' });
            // Interleaved: 1, 2, 4, then 4, 2, 1, then 1, 2, 4.
            expect(raw.runs.map(r => r.instances)).toEqual([1, 2, 4, 4, 2, 1, 1, 2, 4]);
            for (const r of raw.runs) {
                const where = `round ${r.round}, ${r.instances} servers`;
                expect(r.instancesSeen, where).toBe(r.instances);
                expect(r.stoppedBy, where).not.toBe('rate-limited');
                expect(['servers', 'postgres', 'driver', 'box', 'unclear', 'ceiling'], where).toContain(r.bound);
                expect(r.capacity?.journeysPerSecond, where).toBeGreaterThan(0);
                expect({ errors: r.capacity?.errors, rateLimited: r.capacity?.rateLimited }, where).toEqual({ errors: 0, rateLimited: 0 });
                expect(r.capacity?.cpuMsPerRequest?.server, where).toBeGreaterThan(0);
                expect(r.capacity?.cpuMsPerRequest?.postgres, where).toBeGreaterThan(0);
            }
        }, 1_600_000);
    });
}
