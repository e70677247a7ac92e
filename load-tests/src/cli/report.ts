import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { ScalingResults } from '../report/scaling-results';
import { writeScalingReport } from '../report/write-report';

/** Redraws scaling.md and scaling.svg from a raw.json, e.g. after changing the report's layout. */
const file = process.argv[2];
if (!file) {
    console.error('usage: node dist/cli/report.js results/<timestamp>/raw.json');
    process.exit(2);
}
const results = JSON.parse(readFileSync(file, 'utf8')) as ScalingResults;
console.log(writeScalingReport(path.dirname(path.resolve(file)), results).join('\n'));
