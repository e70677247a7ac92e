import { describe, expect, it } from 'vitest';

import { waitFor } from '../src/vitest-wait-for';

describe('waitFor', () => {
    it('checks again while the check throws, and resolves with the first value it returns', async () => {
        let calls = 0;
        const value = await waitFor(
            async () => {
                calls++;
                if (calls < 3) {
                    throw new Error('not yet');
                }
                return 'ready';
            },
            { timeout: 5_000, interval: 10 },
        );
        expect(value).toBe('ready');
        expect(calls).toBe(3);
    });

    it('gives up at the timeout with the last error the check threw', async () => {
        let calls = 0;
        const wait = waitFor(
            () => {
                calls++;
                throw new Error(`still failing (${calls})`);
            },
            { timeout: 200, interval: 20 },
        );
        await expect(wait).rejects.toThrow(/^still failing \(\d+\)$/);
        expect(calls).toBeGreaterThan(1);
    });
});
