import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port nobody listens on right now, picked by the kernel, so that parallel runs on one
 * machine do not collide.
 */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        // Never the reason the test process stays alive.
        probe.unref();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const { port } = probe.address() as AddressInfo;
            probe.close(() => resolve(port));
        });
    });
}
