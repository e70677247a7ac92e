import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Steady requests through nginx while a test changes the stack underneath: a fixed number of
 * lanes, each sending one request at a time with a pause between requests, so that the rate stays
 * well below what two cores can serve and a failure shows up as a failure, not as overload.
 * Bounded both in requests and in time: a test that hangs still stops sending.
 */
export interface RequestRecord {
    startedAt: number;
    endedAt: number;
    ok: boolean;
    /** The X-Vendure-Instance that answered (hostname:pid), when one did. */
    instance?: string;
    error?: string;
}

/** One request a lane sends: a POST (POSTs are what nginx must never replay). */
export interface LoopRequest {
    query: string;
    /** Sent as `Authorization: Bearer`, for a lane that reads a session. */
    token?: string;
    /** Checks the answer's `data`; false counts the request as failed. */
    expect: (data: any) => boolean;
}

export interface LoopOptions {
    /** The GraphQL endpoint, through nginx. */
    url: string;
    concurrency: number;
    maxRequests: number;
    maxDurationMs: number;
    pauseMs: number;
    /** Bounds each request. */
    timeoutMs: number;
    /** Lane i sends requests[i % requests.length], so every kind runs all the time. */
    requests: LoopRequest[];
}

export interface LoopSummary {
    sent: number;
    failed: number;
    failures: RequestRecord[];
    records: RequestRecord[];
    /** True when a bound ended the loop before the test did: the test's numbers are then short. */
    boundHit: boolean;
    durationMs: number;
}

export class RequestLoop {
    private readonly records: RequestRecord[] = [];
    private stopped = false;
    private boundHit = false;
    private lanes: Promise<void>[] = [];
    private sent = 0;
    private startedAt = 0;

    constructor(private readonly options: LoopOptions) {}

    start(): this {
        this.startedAt = Date.now();
        const deadline = this.startedAt + this.options.maxDurationMs;
        this.lanes = Array.from({ length: this.options.concurrency }, (_, lane) =>
            this.lane(this.options.requests[lane % this.options.requests.length], deadline),
        );
        return this;
    }

    /** Requests answered so far, for tests that wait until a given instance has answered. */
    get answered(): readonly RequestRecord[] {
        return this.records;
    }

    /** Stops sending, waits for the requests in flight, and sums up. */
    async stop(): Promise<LoopSummary> {
        this.stopped = true;
        await Promise.all(this.lanes);
        const failures = this.records.filter(r => !r.ok);
        return {
            sent: this.records.length,
            failed: failures.length,
            failures,
            records: [...this.records],
            boundHit: this.boundHit,
            durationMs: Date.now() - this.startedAt,
        };
    }

    private async lane(request: LoopRequest, deadline: number): Promise<void> {
        while (!this.stopped) {
            if (this.sent >= this.options.maxRequests || Date.now() >= deadline) {
                this.boundHit = true;
                return;
            }
            this.sent++;
            this.records.push(await this.send(request));
            await sleep(this.options.pauseMs);
        }
    }

    /**
     * Not GraphQLSession.query: a failed request is recorded, never thrown, with the instance
     * that answered it and the network error's code (ECONNRESET, …), which a drill reports.
     */
    private async send(request: LoopRequest): Promise<RequestRecord> {
        const startedAt = Date.now();
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (request.token) {
            headers.authorization = `Bearer ${request.token}`;
        }
        try {
            const res = await fetch(this.options.url, {
                method: 'POST',
                headers,
                body: JSON.stringify({ query: request.query }),
                signal: AbortSignal.timeout(this.options.timeoutMs),
            });
            const text = await res.text();
            const instance = res.headers.get('x-vendure-instance') ?? undefined;
            const fail = (error: string): RequestRecord => ({ startedAt, endedAt: Date.now(), ok: false, instance, error });
            if (res.status !== 200) {
                return fail(`HTTP ${res.status}: ${text.slice(0, 160)}`);
            }
            let body: { data?: unknown; errors?: Array<{ message: string }> };
            try {
                body = JSON.parse(text);
            } catch {
                return fail(`not JSON: ${text.slice(0, 160)}`);
            }
            if (body.errors?.length) {
                return fail(`GraphQL: ${body.errors.map(e => e.message).join('; ').slice(0, 160)}`);
            }
            if (!request.expect(body.data)) {
                return fail(`unexpected data: ${JSON.stringify(body.data).slice(0, 160)}`);
            }
            return { startedAt, endedAt: Date.now(), ok: true, instance };
        } catch (error) {
            const cause = (error as { cause?: { code?: string } }).cause?.code;
            return { startedAt, endedAt: Date.now(), ok: false, error: `${(error as Error).name}${cause ? ` ${cause}` : ''}: ${(error as Error).message}` };
        }
    }
}

/**
 * Runs `work` under a {@link RequestLoop} and sums up the loop's requests; the loop stops when the
 * work ends, also when it throws, so a failed step never leaves requests going.
 */
export async function underLoad<T>(
    options: LoopOptions,
    work: (loop: RequestLoop) => Promise<T>,
): Promise<{ result: T; summary: LoopSummary }> {
    const loop = new RequestLoop(options).start();
    let result: T;
    try {
        result = await work(loop);
    } catch (error) {
        await loop.stop();
        throw error;
    }
    return { result, summary: await loop.stop() };
}
