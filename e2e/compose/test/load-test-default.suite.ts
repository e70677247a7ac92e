import { readFileSync } from 'node:fs';
import path from 'node:path';

import { run, type StackEnv } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

import { loadTestEnv } from '../src/load-test-env';

/** What this suite reads of the npm-only driver's run.json (load-tests/src/cli/node-driver.ts). */
interface CapacityRun {
    kind: 'capacity';
    outcome: {
        stoppedBy: string;
        capacity?: { journeysPerSecond: number };
        steps: Array<{
            journeysPerSecond: number;
            result: { requests: number; failed: number; graphqlErrors: number; unmet: number; rateLimited: Record<string, number>; sampleProblems: string[] };
        }>;
    };
}

/**
 * `npx nx run load-test` as load-tests/README.md gives it, with the default driver (`auto`), profile
 * (the capacity ramp) and mix (admin and customer journeys included), against this 4-server stack;
 * only the steps are shorter (5 s, `--duration`, documented there). With no k6 on PATH and no k6
 * image, `auto` is the npm-only driver. It must find a capacity inside the stack's own limits: no
 * 429, no server error on any step.
 */
export function loadTestDefaultTests(stackOf: () => { env: StackEnv }) {
    describe('nx run load-test, the default run', () => {
        it('L2. finds the capacity of the default mix through the npm-only driver, prints it first, with no server error and no 429', async () => {
            const { env } = stackOf();
            const result = await run('npx', ['nx', 'run', 'load-test', '--', '--duration=5'], 240_000, {
                // The stack's own env file: its limits (compose.yaml's defaults here) and the superadmin.
                env: loadTestEnv(env),
            });
            console.info(result.stdout);
            expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
            // What `auto` chose: this machine has neither k6 nor its image, so the npm-only driver.
            expect(result.stdout).toMatch(/^load-test: driver node, profile capacity,/m);

            // The answer comes first in the report, before the table of steps.
            const lines = result.stdout.split('\n');
            const capacityAt = lines.findIndex(line => /^CAPACITY: (at least )?\d+(\.\d+)? journeys\/s = \d+(\.\d+)? requests\/s/.test(line));
            expect(capacityAt, result.stdout).toBeGreaterThan(-1);
            expect(capacityAt).toBeLessThan(lines.findIndex(line => line.startsWith('| journeys/s |')));

            const resultsDir = /^results: (.+)$/m.exec(result.stdout)?.[1];
            const report = JSON.parse(readFileSync(path.join(resultsDir ?? '', 'run.json'), 'utf8')) as CapacityRun;
            expect(report.kind).toBe('capacity');
            expect(report.outcome.capacity?.journeysPerSecond).toBeGreaterThan(0);
            expect(report.outcome.stoppedBy).not.toBe('rate-limited');
            expect(report.outcome.steps.length).toBeGreaterThan(1);
            for (const { journeysPerSecond, result: step } of report.outcome.steps) {
                expect(step.requests).toBeGreaterThan(0);
                expect({ journeysPerSecond, failed: step.failed, graphqlErrors: step.graphqlErrors, unmet: step.unmet, rateLimited: step.rateLimited, problems: step.sampleProblems }).toEqual({
                    journeysPerSecond,
                    failed: 0,
                    graphqlErrors: 0,
                    unmet: 0,
                    rateLimited: {},
                    problems: [],
                });
            }
        }, 300_000);
    });
}
