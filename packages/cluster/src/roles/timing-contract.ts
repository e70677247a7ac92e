/**
 * The shutdown timings of the servers, the balancer and the process manager only work together
 * in one order; they are tied together here, and deploy/test checks every deploy file against it.
 *
 *   balancer idle timeout (nginx upstream keepalive_timeout)
 *     < SWEEP_IDLE_AFTER_MS (a closing server leaves idle connections to the balancer this long)
 *   app deadline (drain + grace + linger) < pm2 kill_timeout < the orchestrator's stop grace period
 */

/** nginx's upstream keepalive_timeout: it must drop an idle connection before a server sweeps it. */
export const BALANCER_IDLE_TIMEOUT_MS = 3_000;

/** How long a closing server leaves idle connections for the balancer to close, then sweeps them. */
export const SWEEP_IDLE_AFTER_MS = 4_000;

/** pm2's SIGKILL must come after the app's own deadline, never in the middle of a drain. */
const KILL_MARGIN_MS = 3_000;

export interface ShutdownTimings {
    drainDelayMs: number;
    graceMs: number;
    lingerMs: number;
}

/** pm2 `kill_timeout` for an app with these timings. */
export function killTimeoutMs(timings: ShutdownTimings): number {
    return timings.drainDelayMs + timings.graceMs + timings.lingerMs + KILL_MARGIN_MS;
}

/** Every way the given numbers break the order above; empty when they hold. */
export function timingContractProblems(numbers: {
    balancerIdleTimeoutMs: number;
    timings: ShutdownTimings;
    stopGracePeriodMs: number;
}): string[] {
    const problems: string[] = [];
    if (numbers.balancerIdleTimeoutMs >= SWEEP_IDLE_AFTER_MS) {
        problems.push(
            `the balancer keeps idle upstream connections ${numbers.balancerIdleTimeoutMs} ms, not less than the ` +
                `${SWEEP_IDLE_AFTER_MS} ms after which a closing server sweeps them`,
        );
    }
    const kill = killTimeoutMs(numbers.timings);
    if (numbers.stopGracePeriodMs <= kill) {
        problems.push(`the stop grace period (${numbers.stopGracePeriodMs} ms) does not outlast pm2's kill_timeout (${kill} ms)`);
    }
    return problems;
}
