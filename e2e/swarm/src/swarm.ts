import { docker, lines, tryDocker } from '@vendure-scale/e2e-support';

import { cleanUpSteps } from './clean-up-steps';

/** What this run changed about the engine's swarm membership, so that it undoes exactly that. */
export interface Membership {
    nodeId: string;
    /** This run ran `docker swarm init`, so it leaves again; a swarm found running is left alone. */
    initialisedHere: boolean;
    /** This run put `vendure.data=true` on the node (only undone on a swarm it did not create). */
    labelAdded: boolean;
    /** Swarm creates docker_gwbridge for the first task; a run that created the swarm removes it too. */
    gatewayBridgeExisted: boolean;
}

export const DATA_LABEL = 'vendure.data';

interface SwarmInfo {
    NodeID: string;
    LocalNodeState: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
    ControlAvailable: boolean;
}

async function swarmInfo(): Promise<SwarmInfo> {
    return JSON.parse(await docker(['info', '--format', '{{json .Swarm}}'], { timeoutMs: 30_000 }));
}

async function gatewayBridgeExists(): Promise<boolean> {
    const names = lines(await docker(['network', 'ls', '--format', '{{.Name}}']));
    return names.includes('docker_gwbridge');
}

/**
 * A single-node swarm on this engine: initialised on the loopback address when the engine is in
 * none, reused when it already manages one (another run, or a developer's, left it), refused when
 * it is a worker or in a broken state, since stacks can only be deployed from a manager.
 */
export async function joinSwarm(): Promise<Membership> {
    const gatewayBridgeExisted = await gatewayBridgeExists();
    let info = await swarmInfo();
    let initialisedHere = false;
    if (info.LocalNodeState === 'inactive') {
        const init = await tryDocker(['swarm', 'init', '--advertise-addr', '127.0.0.1'], { timeoutMs: 60_000 });
        // Another run may have initialised it in the meantime; then it is theirs to leave.
        initialisedHere = init.code === 0;
        info = await swarmInfo();
        if (!initialisedHere && info.LocalNodeState !== 'active') {
            throw new Error(`docker swarm init failed:\n${init.stderr.trim()}`);
        }
    }
    if (info.LocalNodeState !== 'active' || !info.ControlAvailable) {
        throw new Error(
            `the engine is in a swarm as ${info.ControlAvailable ? 'a manager' : 'a worker'} in state ` +
                `${info.LocalNodeState}; the test needs a manager, or no swarm at all (it then makes its own)`,
        );
    }

    const labels: Record<string, string> = JSON.parse(
        await docker(['node', 'inspect', info.NodeID, '--format', '{{json .Spec.Labels}}']),
    ) ?? {};
    const labelAdded = labels[DATA_LABEL] !== 'true';
    if (labelAdded) {
        await docker(['node', 'update', '--label-add', `${DATA_LABEL}=true`, info.NodeID]);
    }
    return { nodeId: info.NodeID, initialisedHere, labelAdded, gatewayBridgeExisted };
}

/**
 * Undoes {@link joinSwarm}: leaves a swarm this run created, unless services that are not this
 * run's are on it by now (another run reused it); removes a label it added to someone else's.
 * Returns what it could not undo, for the log; never throws, for afterAll.
 */
export async function leaveSwarm(membership: Membership): Promise<string[]> {
    const { problems, attempt } = cleanUpSteps();
    if (!membership.initialisedHere) {
        if (membership.labelAdded) {
            await attempt('remove the node label', () =>
                docker(['node', 'update', '--label-rm', DATA_LABEL, membership.nodeId]),
            );
        }
        return problems;
    }
    const services = lines(await docker(['service', 'ls', '--format', '{{.Name}}']).catch(() => ''));
    if (services.length > 0) {
        problems.push(`swarm left running: services of another run are on it (${services.join(', ')})`);
        return problems;
    }
    await attempt('docker swarm leave', () => docker(['swarm', 'leave', '--force'], { timeoutMs: 60_000 }));
    if (!membership.gatewayBridgeExisted) {
        await attempt('remove docker_gwbridge', async () => {
            if (await gatewayBridgeExists()) {
                await docker(['network', 'rm', 'docker_gwbridge']);
            }
        });
    }
    return problems;
}
