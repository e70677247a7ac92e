import autocannon from 'autocannon';

import type { Pools } from '../scenario/picks';
import type { LoadedScenario } from '../scenario/types';
import { Collector } from './collector';
import { ConnectionJourneys } from './connection-journeys';
import type { RunResult } from './run-result';

export interface AutocannonRun {
    baseUrl: string;
    loaded: LoadedScenario;
    pools: Pools;
    /** Journey -> weight; a single journey for a per-journey run. */
    mix: Record<string, number>;
    profile: string;
    durationS: number;
    /** Requests per second autocannon may send; it spreads them over the connections. */
    requestsPerSecond: number;
    connections: number;
    timeoutS?: number;
}

/** Per-connection state lives here: autocannon deep-clones its options once per connection. */
interface ConnectionSlot {
    journeys?: ConnectionJourneys;
}

/**
 * autocannon is a closed-model tool (connections that each wait for their answer), capped here at
 * a request rate; k6 runs the same journeys in an open model. Each connection is one virtual user.
 */
export async function runAutocannon(run: AutocannonRun): Promise<RunResult> {
    const collector = new Collector();
    // autocannon gives a connection with a rate of 0 no limit at all, so never more connections than requests/s.
    const rate = Math.max(1, Math.round(run.requestsPerSecond));
    const connections = Math.max(1, Math.min(run.connections, rate));
    const url = new URL(run.baseUrl);
    const { loaded, pools, mix } = run;
    const journeysOf = (slot: ConnectionSlot) => (slot.journeys ??= new ConnectionJourneys(loaded, pools, mix));

    let finish: (result: autocannon.Result) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
        finish = resolve;
        fail = reject;
    });
    const started = performance.now();
    // The callback form returns the instance (an EventEmitter); its events carry the latencies.
    const instance = autocannon({
        url: url.origin,
        connections,
        pipelining: 1,
        duration: run.durationS,
        overallRate: rate,
        timeout: run.timeoutS ?? 10,
        requests: [
            {
                // A plain object so that each connection's clone of it is that connection's own slot.
                slot: {} as ConnectionSlot,
                setupRequest(request) {
                    const slot = (request as unknown as { slot: ConnectionSlot }).slot;
                    return { ...request, ...journeysOf(slot).nextRequest() };
                },
                onResponse(this: { slot: ConnectionSlot }, status: number, body: string, _context: unknown, headers?: Record<string, string | string[]>) {
                    collector.answered(journeysOf(this.slot).answered(status, body, headers ?? {}));
                },
            } as autocannon.Request & { slot: ConnectionSlot },
        ],
    }, (error, result) => (error ? fail(error) : finish(result)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => collector.timed(responseTime, statusCode));
    instance.on('reqError', error => collector.transportError(`request error: ${error.message}`));

    // reqError covers timeouts too, so autocannon's own counters are not added again.
    await finished;
    const durationS = (performance.now() - started) / 1000;
    return collector.result(
        { baseUrl: run.baseUrl, profile: run.profile, journeys: Object.keys(mix), offeredRequestsPerSecond: rate, connections },
        Math.max(durationS, 0.001),
    );
}
