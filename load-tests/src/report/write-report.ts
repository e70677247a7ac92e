import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { scalingChart } from './scaling-chart';
import type { ScalingResults } from './scaling-results';
import { scalingMarkdown } from './scaling-table';

/** Writes raw.json, scaling.md and scaling.svg into dir; returns their paths. */
export function writeScalingReport(dir: string, results: ScalingResults): string[] {
    mkdirSync(dir, { recursive: true });
    const files: Array<[string, string]> = [
        ['raw.json', `${JSON.stringify(results, null, 2)}\n`],
        ['scaling.md', scalingMarkdown(results)],
        ['scaling.svg', scalingChart(results)],
    ];
    return files.map(([name, content]) => {
        const file = path.join(dir, name);
        writeFileSync(file, content);
        return file;
    });
}
