/** One key of a slot request, with its own limits. */
export interface SlotKey {
    key: string;
    /** Counted calls (or failures) per window at which requests are refused; 0: no such limit. */
    limit: number;
    /** Requests that may hold a slot on this key at once. */
    maxInFlight: number;
    /**
     * Once this key has counted a failure in its window, a request that finds its slots taken, or
     * that already had to wait, is answered `contended`: after one wrong password for an
     * identifier, the rest of a burst for it is turned away instead of queued through more checks.
     */
    noWaitAfterFailure?: boolean;
}

export interface AcquireRequest {
    /** Checked in order; a key over its limit refuses the request before a later key is written. */
    keys: readonly SlotKey[];
    /** Names the slot, to give it back. */
    token: string;
    /**
     * Count the request now (every call counts) rather than when it is given back (only failures
     * count). Counting later also means counted + in flight must stay under a key's limit.
     */
    countNow: boolean;
    /** This request has been answered `busy` before: it is waiting in a burst. */
    waited?: boolean;
    windowMs: number;
    /** A slot not given back within this time is free again: a server may die holding one. */
    holdMs: number;
}

export interface ReleaseRequest {
    keys: readonly string[];
    token: string;
    /** Count this request on every key: a failed login. */
    count: boolean;
    windowMs: number;
}

export type AcquireAnswer =
    | { outcome: 'granted' }
    /** Every slot is taken for now: ask again shortly. */
    | { outcome: 'busy' }
    /** A key that already failed this window turned away a waiting request (`noWaitAfterFailure`). */
    | { outcome: 'contended' }
    /** A key reached its limit, until its window ends. */
    | { outcome: 'refused'; retryAfterMs: number };

/**
 * Counts and in-flight slots shared by every instance (Redis in production). A key's window starts
 * with its first count and is never extended, so a lock-out always ends; a key lives only as long
 * as its window or its latest slot.
 */
export interface LoginCounter {
    acquire(request: AcquireRequest): Promise<AcquireAnswer>;
    release(request: ReleaseRequest): Promise<void>;
    close(): Promise<void>;
}
