import type { Server } from 'node:http';

import type { ClusterEnv } from '../env/read-env';

/** Node closes idle connections after 5 s by default, long before a balancer stops reusing them. */
export function applyKeepAlive(server: Server, env: Pick<ClusterEnv, 'HTTP_KEEP_ALIVE_TIMEOUT_MS'>): void {
    server.keepAliveTimeout = env.HTTP_KEEP_ALIVE_TIMEOUT_MS;
    // Node requires the header timeout to exceed the keep-alive timeout, or it cuts slow headers
    // on a reused connection short.
    server.headersTimeout = env.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000;
}
