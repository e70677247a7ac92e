import path from 'node:path';

import { runCommand } from './run-command';

export interface ComposeTarget {
    /** The repo's compose.yaml. */
    file: string;
    /** Extra environment for compose's interpolation, e.g. SERVER_CPUS; it wins over the env file. */
    env: Record<string, string>;
    /** `--env-file` (default: compose's own, the .env next to compose.yaml). */
    envFile?: string;
}

export const REPO_COMPOSE_FILE = path.resolve(__dirname, '..', '..', '..', 'compose.yaml');

function compose(target: ComposeTarget, args: string[], timeoutMs: number) {
    const envFile = target.envFile ? ['--env-file', target.envFile] : [];
    return runCommand('docker', ['compose', '-f', target.file, ...envFile, ...args], {
        timeoutMs,
        env: { ...process.env, ...target.env },
        cwd: path.dirname(target.file),
    });
}

/** `up -d --scale ... --wait`: returns once every container of the stack is healthy. */
export async function composeScale(target: ComposeTarget, scale: Record<string, number>, timeoutMs = 600_000): Promise<void> {
    const scales = Object.entries(scale).flatMap(([service, n]) => ['--scale', `${service}=${n}`]);
    await compose(target, ['up', '-d', ...scales, '--wait'], timeoutMs);
}

export interface ContainerInfo {
    /** The full id: the name of its cgroup. */
    id: string;
    name: string;
    service: string;
    /** Network name -> IP address. */
    ips: Record<string, string>;
}

/** The running containers of the stack, with their service and addresses. */
export async function composeContainers(target: ComposeTarget): Promise<ContainerInfo[]> {
    const { stdout } = await compose(target, ['ps', '-q'], 60_000);
    const ids = stdout.split('\n').map(s => s.trim()).filter(Boolean);
    if (!ids.length) {
        return [];
    }
    const format = '{{json .Id}}\t{{json .Name}}\t{{json (index .Config.Labels "com.docker.compose.service")}}\t{{json .NetworkSettings.Networks}}';
    const inspected = await runCommand('docker', ['inspect', '--format', format, ...ids], { timeoutMs: 60_000 });
    return inspected.stdout
        .split('\n')
        .filter(Boolean)
        .map(line => {
            const [id, name, service, networks] = line.split('\t').map(part => JSON.parse(part));
            const ips = Object.fromEntries(
                Object.entries(networks as Record<string, { IPAddress: string }>).map(([network, n]) => [network, n.IPAddress]),
            );
            return { id: String(id), name: String(name).replace(/^\//, ''), service: String(service), ips };
        });
}
