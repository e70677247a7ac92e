import os from 'node:os';

import type { ScalingResults } from '../report/scaling-results';

/** What the numbers were measured on: a reader needs it to compare them with anything. */
export function describeMachine(): ScalingResults['machine'] {
    return {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
        os: `${os.type()} ${os.release()}`,
    };
}
