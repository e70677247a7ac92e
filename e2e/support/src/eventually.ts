export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * How long {@link eventually} keeps polling: at most `attempts` checks, at most `timeoutMs`, or
 * both, whichever runs out first. The type wants one of them, so that no wait is unbounded.
 */
export type PollBound =
    | { attempts: number; timeoutMs?: number; intervalMs?: number }
    | { timeoutMs: number; attempts?: number; intervalMs?: number };

/**
 * Polls until `check` returns a value (not `undefined`), `intervalMs` apart (1 s unless given).
 * A check that throws counts as not yet; the last error is in the message when it gives up.
 */
export async function eventually<T>(
    what: string,
    check: () => Promise<T | undefined>,
    bound: PollBound = { attempts: 60 },
): Promise<T> {
    const { attempts = Number.POSITIVE_INFINITY, timeoutMs = Number.POSITIVE_INFINITY, intervalMs = 1_000 } = bound;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts && Date.now() < deadline; attempt++) {
        try {
            const value = await check();
            if (value !== undefined) {
                return value;
            }
        } catch (error) {
            lastError = error;
        }
        await sleep(intervalMs);
    }
    const limits = [bound.attempts !== undefined && `${attempts} attempts`, bound.timeoutMs !== undefined && `${timeoutMs} ms`];
    const why = lastError === undefined ? '' : `: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
    throw new Error(`gave up after ${limits.filter(Boolean).join(' or ')} waiting for ${what}${why}`);
}
