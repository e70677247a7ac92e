import { setTimeout as sleep } from 'node:timers/promises';

/** One attack request as the client saw it: how it was answered and how long the whole answer took. */
export interface Answer {
    /** HTTP status; 0 when no answer came (reset, refused, or our own bound ran out). */
    status: number;
    /** From sending to the last byte of the body. */
    ms: number;
    /** What the body said where that matters: a GraphQL error code, a result's __typename, … */
    outcome?: string;
    /** Requests of the attack that are not themselves hostile (legitimate logins): no 1 s bound. */
    legitimate?: boolean;
}

/**
 * Bounds every request of the drill, so that a stuck server cannot hang it; far above the 1 s an
 * attack request may take, so that the time it really took is what the report shows.
 */
export const REQUEST_BOUND_MS = 90_000;

/** How one attack request is sent and read; its body is JSON unless it is a FormData. */
export interface PostOptions {
    headers?: Record<string, string>;
    /** Reads the answer's body into {@link Answer.outcome}. */
    classify?: (status: number, body: string) => string | undefined;
    legitimate?: boolean;
}

/** POSTs `body` to `url` and times it to the end of the body; never throws. */
export async function timedPost(url: string, body: string | FormData, options: PostOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'application/json' } : {};
    const started = performance.now();
    try {
        const res = await fetch(url, {
            method: 'POST',
            headers: { ...headers, ...options.headers },
            body,
            signal: AbortSignal.timeout(REQUEST_BOUND_MS),
        });
        const text = await res.text();
        const ms = performance.now() - started;
        return { status: res.status, ms, outcome: options.classify?.(res.status, text), legitimate: options.legitimate };
    } catch (error) {
        const ms = performance.now() - started;
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return { status: 0, ms, outcome: cause ?? (error as Error).name, legitimate: options.legitimate };
    }
}

/** A GET, timed like {@link timedPost}; `classify` may read the headers too. */
export async function timedGet(url: string, classify?: (res: Response) => string | undefined): Promise<Answer> {
    const started = performance.now();
    try {
        const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) });
        await res.arrayBuffer();
        return { status: res.status, ms: performance.now() - started, outcome: classify?.(res) };
    } catch (error) {
        return { status: 0, ms: performance.now() - started, outcome: (error as Error).name };
    }
}

/** The `extensions.code` of the first GraphQL error in a body, or undefined when it has none. */
export function graphqlErrorCode(body: string): string | undefined {
    try {
        const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: string } }> };
        return parsed.errors?.length ? (parsed.errors[0].extensions?.code ?? 'GraphQL error') : undefined;
    } catch {
        return 'not JSON';
    }
}

export interface Spread {
    /** Requests in all. */
    total: number;
    /** Lanes sending at once; each sends its next request when its last one was answered. */
    concurrency: number;
    /**
     * The attack lasts at least this long: each lane waits between its requests so that they
     * spread over the time, and probes run beside a sustained attack rather than one blip.
     */
    minDurationMs: number;
}

/**
 * Sends `total` requests (request i built by `send(i)`) in `concurrency` lanes spread over at least
 * `minDurationMs`; bounded in count by `total` and in time by each request's own bound.
 */
export async function spreadRequests(spread: Spread, send: (i: number) => Promise<Answer>): Promise<Answer[]> {
    const answers: Answer[] = [];
    const perLane = Math.ceil(spread.total / spread.concurrency);
    const gapMs = perLane > 1 ? spread.minDurationMs / perLane : 0;
    const started = Date.now();
    let next = 0;
    await Promise.all(
        Array.from({ length: spread.concurrency }, async () => {
            for (let round = 0; next < spread.total; round++) {
                // Each lane's round r starts no earlier than r gaps after the start.
                const due = started + round * gapMs - Date.now();
                if (due > 0) {
                    await sleep(due);
                }
                const i = next++;
                if (i >= spread.total) {
                    return;
                }
                answers.push(await send(i));
            }
        }),
    );
    const rest = started + spread.minDurationMs - Date.now();
    if (rest > 0) {
        await sleep(rest);
    }
    return answers;
}

/** `{ '400 BAD_REQUEST': 3, '429': 47 }`: status and outcome, as the report shows them. */
export function answerCounts(answers: readonly Answer[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const a of answers) {
        const key = a.status === 0 ? `no answer (${a.outcome})` : a.outcome ? `${a.status} ${a.outcome}` : String(a.status);
        counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
}
