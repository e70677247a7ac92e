import { describe, expect, it } from 'vitest';

import { eventually } from '../src/eventually';

describe('eventually', () => {
    it('returns the first value that is not undefined, checks that threw counting as not yet', async () => {
        let calls = 0;
        const value = await eventually(
            'the third call',
            async () => {
                calls++;
                if (calls === 1) {
                    throw new Error('not up yet');
                }
                return calls === 3 ? 'ready' : undefined;
            },
            { attempts: 5, intervalMs: 1 },
        );
        expect(value).toBe('ready');
        expect(calls).toBe(3);
    });

    it('keeps a falsy value: only undefined means not yet', async () => {
        expect(await eventually('zero', async () => 0, { attempts: 1, intervalMs: 1 })).toBe(0);
    });

    it('gives up after the attempts, naming what it waited for and the last error', async () => {
        let calls = 0;
        const wait = eventually(
            'the flaky thing',
            async () => {
                calls++;
                throw new Error(`failure ${calls}`);
            },
            { attempts: 3, intervalMs: 1 },
        );
        await expect(wait).rejects.toThrow('gave up after 3 attempts waiting for the flaky thing: failure 3');
        expect(calls).toBe(3);
    });

    it('gives up at the deadline when bounded in time', async () => {
        const started = Date.now();
        await expect(eventually('nothing', async () => undefined, { timeoutMs: 150, intervalMs: 20 })).rejects.toThrow(
            'gave up after 150 ms waiting for nothing',
        );
        const took = Date.now() - started;
        expect(took).toBeGreaterThanOrEqual(150);
        expect(took).toBeLessThan(2_000);
    });

    it('stops at whichever bound comes first', async () => {
        let calls = 0;
        const wait = eventually(
            'a bounded check',
            async () => {
                calls++;
                return undefined;
            },
            { attempts: 2, timeoutMs: 60_000, intervalMs: 1 },
        );
        await expect(wait).rejects.toThrow('gave up after 2 attempts or 60000 ms waiting for a bounded check');
        expect(calls).toBe(2);
    });
});
