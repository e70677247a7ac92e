import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
    return new Promise(resolve => {
        const server = createServer();
        server.once('error', () => resolve(false));
        // On every interface: a host-mode published port is bound on all of them (Swarm has no
        // host IP for it), so a port taken on any interface would fail the nginx task.
        server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
}

/**
 * The first free port from `first` on: a fixed, recognisable range away from the compose suites'
 * random ports and the usual 8080.
 */
export async function freeHostPort(first = 18090, count = 30): Promise<number> {
    for (let port = first; port < first + count; port++) {
        if (await isFree(port)) {
            return port;
        }
    }
    throw new Error(`no free port in ${first}-${first + count - 1} for nginx to publish`);
}
