import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DrillResult {
    drill: string;
    sent: number;
    failed: number;
    /** Seconds from the fault until the stack is whole again and no request has failed since. */
    recoverySeconds: number;
    /** The bound the drill asserted, in words. */
    bound: string;
    notes: string;
}

/** Where the drills write their table; docs/resilience.md quotes the last real run. */
export const RESULTS_DIR = path.resolve(__dirname, '../results');

export function renderTable(results: DrillResult[]): string {
    const rows = results.map(
        r => `| ${r.drill} | ${r.sent} | ${r.failed} | ${r.recoverySeconds.toFixed(1)} | ${r.bound} | ${r.notes} |`,
    );
    return [
        '| drill | requests | failed | recovery s | bound asserted | notes |',
        '| --- | ---: | ---: | ---: | --- | --- |',
        ...rows,
    ].join('\n');
}

export function writeResults(results: DrillResult[], machine: string, suiteSeconds: number): string {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, 'drills.md');
    const text = [
        `# Failure drills: ${new Date().toISOString()}`,
        '',
        `Machine: ${machine}.`,
        `Suite time: ${Math.round(suiteSeconds)} s (stack build and start included).`,
        '',
        renderTable(results),
        '',
    ].join('\n');
    writeFileSync(file, text);
    writeFileSync(path.join(RESULTS_DIR, 'drills.json'), `${JSON.stringify({ machine, suiteSeconds, results }, null, 2)}\n`);
    return file;
}
