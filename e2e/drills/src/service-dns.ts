import { tryDocker } from '@vendure-scale/e2e-support';

/**
 * Docker's embedded DNS answers every name of a compose network. A `docker swarm leave` on the same
 * daemon silently breaks it for networks that already exist (moby/moby#45144): running servers
 * keep their connections, but any new connection (a restarted server, a reconnect) fails with
 * ENOTFOUND. Checked before each drill, so such a drill fails with the cause, not with a symptom.
 */
export async function assertServiceDns(containerId: string, names: string[]): Promise<void> {
    const script = `Promise.all(${JSON.stringify(names)}.map(n => require('dns').promises.lookup(n).catch(e => { throw new Error(n + ': ' + e.code); })))`;
    const result = await tryDocker(['exec', containerId, 'node', '-e', script], { timeoutMs: 30_000 });
    if (result.code !== 0) {
        throw new Error(
            `Docker's embedded DNS does not resolve ${names.join(', ')} inside ${containerId.slice(0, 12)} ` +
                `(${result.stderr.split('\n').find(l => l.startsWith('Error')) ?? result.stderr.slice(-200)}); ` +
                `was this daemon in swarm mode and left it since the stack started (moby/moby#45144)?`,
        );
    }
}
