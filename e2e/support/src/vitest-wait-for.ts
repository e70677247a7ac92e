/**
 * vitest's `vi.waitFor`, for the harness's own code. The harness is built as CommonJS and vitest
 * refuses require(), so it is loaded with import() when first needed: the same module instance the
 * suite running this code has already loaded. Both bounds are required: vitest's defaults (1 s,
 * every 50 ms) fit no wait on a stack.
 */
export async function waitFor<T>(check: () => T | Promise<T>, bounds: { timeout: number; interval: number }): Promise<T> {
    const { vi } = await import('vitest');
    return vi.waitFor(check, bounds);
}
