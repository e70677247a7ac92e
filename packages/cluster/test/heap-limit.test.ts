import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

// Plain CommonJS next to the pm2 process file, which requires it without a build.
const heap = createRequire(__filename)(path.resolve(__dirname, '../../../docker/heap-limit.cjs'));

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const host = 24 * GIB;

describe('heapLimitMiB', () => {
    it('gives one process 0.55 of its container: 422 MiB of 768', () => {
        expect(heap.HEAP_FRACTION).toBe(0.55);
        expect(heap.heapLimitMiB({ memoryLimitBytes: 768 * MIB, totalMemoryBytes: host, processes: 1 })).toBe(422);
    });

    it('divides the container between the processes that share it', () => {
        expect(heap.heapLimitMiB({ memoryLimitBytes: 1536 * MIB, totalMemoryBytes: host, processes: 2 })).toBe(422);
        expect(heap.heapLimitMiB({ memoryLimitBytes: 768 * MIB, totalMemoryBytes: host, processes: 3 })).toBe(140);
        expect(heap.heapLimitMiB({ memoryLimitBytes: 2 * GIB, totalMemoryBytes: host, processes: 4, fraction: 0.5 })).toBe(256);
    });

    it('sets nothing where no limit applies: cgroup v1, v2 ("max", reported as 2^64), the whole machine, unknown', () => {
        const unlimited = [9223372036854771712, 2 ** 64, host, host + 1, 0, undefined, Number.NaN];
        for (const memoryLimitBytes of unlimited) {
            expect(heap.heapLimitMiB({ memoryLimitBytes, totalMemoryBytes: host, processes: 1 }), String(memoryLimitBytes)).toBeUndefined();
        }
    });

    it('never gives less than 1 MiB, nor divides by no processes', () => {
        expect(heap.heapLimitMiB({ memoryLimitBytes: MIB, totalMemoryBytes: host, processes: 8 })).toBe(1);
        expect(heap.heapLimitMiB({ memoryLimitBytes: 768 * MIB, totalMemoryBytes: host, processes: 0 })).toBe(422);
    });
});

describe('processesSharingMemory', () => {
    it('counts the apps the container runs: one role, or both', () => {
        const counts = { serverProcesses: 2, workerProcesses: 3 };
        expect(heap.processesSharingMemory({ role: 'server', ...counts })).toBe(2);
        expect(heap.processesSharingMemory({ role: 'worker', ...counts })).toBe(3);
        expect(heap.processesSharingMemory({ role: 'all', ...counts })).toBe(5);
        expect(heap.processesSharingMemory({ role: undefined, ...counts })).toBe(5);
    });
});

describe('heapLimitArgs', () => {
    it("is pm2's node_args for the limit, or none", () => {
        expect(heap.heapLimitArgs({ memoryLimitBytes: 768 * MIB, totalMemoryBytes: host, processes: 1 })).toEqual(['--max-old-space-size=422']);
        expect(heap.heapLimitArgs({ memoryLimitBytes: 2 ** 64, totalMemoryBytes: host, processes: 1 })).toEqual([]);
    });

    it('leaves a limit the operator set in NODE_OPTIONS alone', () => {
        const nodeOptions = '--enable-source-maps --max-old-space-size=1024';
        expect(heap.heapLimitArgs({ memoryLimitBytes: 768 * MIB, totalMemoryBytes: host, processes: 1, nodeOptions })).toEqual([]);
        expect(heap.heapLimitArgs({ memoryLimitBytes: 768 * MIB, totalMemoryBytes: host, processes: 1, nodeOptions: '--enable-source-maps' })).toEqual([
            '--max-old-space-size=422',
        ]);
    });

    it("reads this process's own cgroup limit through Node", () => {
        const limit = heap.containerMemoryLimit();
        expect(typeof limit).toBe('number');
        expect(limit).toBeGreaterThan(0);
    });
});
