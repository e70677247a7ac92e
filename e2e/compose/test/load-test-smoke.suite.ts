import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, run, type StackEnv } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

/** What this suite reads of the driver's --out file (load-tests/src/driver/run-result.ts). */
interface SmokeRun {
    label: string;
    result: { requests: number; failed: number; graphqlErrors: number; unmet: number; sampleProblems: string[] };
}

/**
 * The load tests' smoke profile (a few seconds per journey at a low rate, through the npm-only
 * driver that reads the same scenarios and GraphQL documents as the k6 scripts) against this
 * stack: every journey, and not one failed request or GraphQL error.
 */
export function loadTestSmokeTests(stackOf: () => { env: StackEnv }) {
    describe('load-test smoke', () => {
        it('L. runs every journey of the smoke profile through nginx without a failed request or GraphQL error', async () => {
            const { env } = stackOf();
            const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'vs-smoke-')), 'smoke.json');
            const driver = path.join(REPO_ROOT, 'load-tests', 'dist', 'cli', 'node-driver.js');
            const result = await run(process.execPath, [driver, '--profile', 'smoke', '--each', '--out', out], 300_000, {
                env: {
                    BASE_URL: env.baseUrl,
                    SUPERADMIN_USERNAME: env.superadmin.username,
                    SUPERADMIN_PASSWORD: env.superadmin.password,
                },
            });
            console.info(result.stdout);
            expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);

            const scenarios = JSON.parse(readFileSync(path.join(REPO_ROOT, 'load-tests', 'scenarios', 'scenarios.json'), 'utf8'));
            const runs = JSON.parse(readFileSync(out, 'utf8')) as SmokeRun[];
            // Labels are "journey @ phase".
            expect(runs.map(r => r.label.split(' @ ')[0]).sort()).toEqual(Object.keys(scenarios.mix).sort());
            for (const { label, result: measured } of runs) {
                expect({ label, problems: measured.sampleProblems }).toEqual({ label, problems: [] });
                expect(measured.requests).toBeGreaterThan(0);
                expect({ label, failed: measured.failed, graphqlErrors: measured.graphqlErrors, unmet: measured.unmet }).toEqual({
                    label,
                    failed: 0,
                    graphqlErrors: 0,
                    unmet: 0,
                });
            }
        }, 360_000);
    });
}
