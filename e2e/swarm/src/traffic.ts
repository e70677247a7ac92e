import { sleep } from '@vendure-scale/e2e-support';

/**
 * A storefront query that reaches Postgres, sent as a POST: nginx never replays a POST it has sent
 * (proxy_next_upstream without non_idempotent), so every request a stopping server drops shows.
 */
const QUERY = JSON.stringify({ query: '{ products(options: { take: 1 }) { totalItems } }' });

export interface Failure {
    atMs: number;
    error: string;
}

export interface TrafficReport {
    sent: number;
    failures: Failure[];
    /** Answers per X-Vendure-Instance (hostname:pid). */
    perInstance: Map<string, number>;
    durationMs: number;
    /** Why the loop ended: the caller stopped it, or one of its bounds was reached first. */
    endedBy: 'stop' | 'time' | 'count';
}

export interface LoopBounds {
    callers?: number;
    /** Between one caller's requests, so the loop does not take the CPUs the booting tasks need. */
    pauseMs?: number;
    maxRequests?: number;
    maxMs?: number;
}

/** One request through nginx; the answering instance, or an error describing the failure. */
export async function shopRequest(baseUrl: string): Promise<string> {
    const res = await fetch(`${baseUrl}/shop-api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: QUERY,
        signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status !== 200) {
        throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    const body = JSON.parse(text);
    if (body.errors?.length || typeof body.data?.products?.totalItems !== 'number') {
        throw new Error(`GraphQL: ${text.slice(0, 200)}`);
    }
    return res.headers.get('x-vendure-instance') ?? '(no instance header)';
}

/**
 * Steady requests through nginx while the test changes the stack underneath, bounded both in
 * count and in time whatever the test does.
 */
export class RequestLoop {
    private stopped = false;
    private readonly started = Date.now();
    private readonly report: TrafficReport = { sent: 0, failures: [], perInstance: new Map(), durationMs: 0, endedBy: 'stop' };
    private readonly done: Promise<void>;

    constructor(
        private readonly baseUrl: string,
        { callers = 2, pauseMs = 25, maxRequests = 20_000, maxMs = 240_000 }: LoopBounds = {},
    ) {
        const caller = async () => {
            while (!this.stopped) {
                if (this.report.sent >= maxRequests) {
                    this.end('count');
                    break;
                }
                if (Date.now() - this.started >= maxMs) {
                    this.end('time');
                    break;
                }
                this.report.sent++;
                try {
                    const instance = await shopRequest(this.baseUrl);
                    this.report.perInstance.set(instance, (this.report.perInstance.get(instance) ?? 0) + 1);
                } catch (error) {
                    this.report.failures.push({ atMs: Date.now() - this.started, error: (error as Error).message });
                }
                await sleep(pauseMs);
            }
        };
        this.done = Promise.all(Array.from({ length: callers }, caller)).then(() => undefined);
    }

    private end(reason: TrafficReport['endedBy']): void {
        if (!this.stopped) {
            this.stopped = true;
            this.report.endedBy = reason;
        }
    }

    /** Instances that have answered so far. */
    instances(): string[] {
        return [...this.report.perInstance.keys()];
    }

    get running(): boolean {
        return !this.stopped;
    }

    /** Stops sending, waits for the requests in flight, and reports. */
    async stop(): Promise<TrafficReport> {
        this.end('stop');
        await this.done;
        this.report.durationMs = Date.now() - this.started;
        return this.report;
    }
}

/**
 * Runs `work` under a {@link RequestLoop} and reports the loop's requests; the loop stops when the
 * work ends, also when it throws, so a failed step never leaves requests going.
 */
export async function underLoad<T>(
    baseUrl: string,
    bounds: LoopBounds,
    work: (loop: RequestLoop) => Promise<T>,
): Promise<{ result: T; report: TrafficReport }> {
    const loop = new RequestLoop(baseUrl, bounds);
    let result: T;
    try {
        result = await work(loop);
    } catch (error) {
        await loop.stop();
        throw error;
    }
    return { result, report: await loop.stop() };
}
