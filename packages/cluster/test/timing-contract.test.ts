import { describe, expect, it } from 'vitest';

import { readEnv } from '../src/env/read-env';
import { BALANCER_IDLE_TIMEOUT_MS, killTimeoutMs, SWEEP_IDLE_AFTER_MS, timingContractProblems } from '../src/roles/timing-contract';
import { VALID_ENV } from './env-fixture';

const timings = { drainDelayMs: 5_000, graceMs: 10_000, lingerMs: 2_000 };

describe('the shutdown timing contract', () => {
    it('has the balancer drop an idle connection before a closing server sweeps it', () => {
        expect(BALANCER_IDLE_TIMEOUT_MS).toBeLessThan(SWEEP_IDLE_AFTER_MS);
    });

    it("gives pm2's kill_timeout the app's whole deadline plus a margin", () => {
        const kill = killTimeoutMs(timings);
        expect(kill).toBeGreaterThan(5_000 + 10_000 + 2_000);
        expect(killTimeoutMs({ ...timings, graceMs: 20_000 }) - kill).toBe(10_000);
        expect(killTimeoutMs({ ...timings, drainDelayMs: 0 }) - kill).toBe(-5_000);
        expect(killTimeoutMs({ ...timings, lingerMs: 3_000 }) - kill).toBe(1_000);
    });

    it('holds for the default settings with a stop grace period beyond kill_timeout', () => {
        const env = readEnv(VALID_ENV);
        const defaults = { drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS, graceMs: env.SHUTDOWN_GRACE_MS, lingerMs: env.SHUTDOWN_LINGER_MS };
        expect(
            timingContractProblems({
                balancerIdleTimeoutMs: BALANCER_IDLE_TIMEOUT_MS,
                timings: defaults,
                stopGracePeriodMs: killTimeoutMs(defaults) + 1,
            }),
        ).toEqual([]);
    });

    it('names a balancer that keeps idle connections as long as the sweep waits, or longer', () => {
        for (const balancerIdleTimeoutMs of [SWEEP_IDLE_AFTER_MS, 60_000]) {
            expect(timingContractProblems({ balancerIdleTimeoutMs, timings, stopGracePeriodMs: 60_000 })).toEqual([
                `the balancer keeps idle upstream connections ${balancerIdleTimeoutMs} ms, not less than the ` +
                    `${SWEEP_IDLE_AFTER_MS} ms after which a closing server sweeps them`,
            ]);
        }
    });

    it('names a stop grace period that does not outlast kill_timeout', () => {
        const kill = killTimeoutMs(timings);
        for (const stopGracePeriodMs of [kill, kill - 1, 10_000]) {
            expect(timingContractProblems({ balancerIdleTimeoutMs: BALANCER_IDLE_TIMEOUT_MS, timings, stopGracePeriodMs })).toEqual([
                `the stop grace period (${stopGracePeriodMs} ms) does not outlast pm2's kill_timeout (${kill} ms)`,
            ]);
        }
    });

    it('names both when both break', () => {
        expect(timingContractProblems({ balancerIdleTimeoutMs: 65_000, timings, stopGracePeriodMs: 1_000 })).toHaveLength(2);
    });
});
