export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Polls until `check` returns a value, for at most `timeoutMs`. */
export async function eventually<T>(
    what: string,
    check: () => Promise<T | undefined>,
    { timeoutMs = 120_000, intervalMs = 1_000 } = {},
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
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
    throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}
