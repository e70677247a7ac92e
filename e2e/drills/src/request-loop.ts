/**
 * The steady load every drill runs under: a fixed number of lanes, each sending one request at a
 * time through nginx with a short pause between requests, so that the rate stays well below what
 * two cores can serve and a failure shows up as a failure, not as overload. Bounded both in
 * requests and in time: a drill that hangs still stops sending.
 */
export interface RequestRecord {
    startedAt: number;
    endedAt: number;
    ok: boolean;
    /** The X-Vendure-Instance that answered (hostname:pid), when one did. */
    instance?: string;
    error?: string;
}

/** One request a lane sends: a POST to the Shop API (POSTs are what nginx must never replay). */
export interface LoopRequest {
    query: string;
    token?: string;
    /** Checks the answer's `data`; false counts the request as failed. */
    expect: (data: any) => boolean;
}

export interface LoopOptions {
    url: string;
    concurrency: number;
    maxRequests: number;
    maxDurationMs: number;
    pauseMs: number;
    timeoutMs: number;
    /** Lane i sends requests[i % requests.length], so every kind runs all the time. */
    requests: LoopRequest[];
}

export interface LoopSummary {
    sent: number;
    failed: number;
    failures: RequestRecord[];
    records: RequestRecord[];
    /** True when a bound ended the loop before the drill did: the drill's numbers are then short. */
    boundHit: boolean;
}

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

export class RequestLoop {
    private readonly records: RequestRecord[] = [];
    private stopped = false;
    private boundHit = false;
    private lanes: Promise<void>[] = [];
    private sent = 0;

    constructor(private readonly options: LoopOptions) {}

    start(): this {
        const deadline = Date.now() + this.options.maxDurationMs;
        this.lanes = Array.from({ length: this.options.concurrency }, (_, lane) =>
            this.lane(this.options.requests[lane % this.options.requests.length], deadline),
        );
        return this;
    }

    /** Requests answered so far, for drills that wait until a given instance has answered. */
    get answered(): readonly RequestRecord[] {
        return this.records;
    }

    async stop(): Promise<LoopSummary> {
        this.stopped = true;
        await Promise.all(this.lanes);
        const failures = this.records.filter(r => !r.ok);
        return { sent: this.records.length, failed: failures.length, failures, records: [...this.records], boundHit: this.boundHit };
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

/** The container part of an instance name (hostname:pid); a container's hostname is its short id. */
export const containerOf = (instance: string) => instance.split(':')[0];
