import path from 'node:path';

import type { ContainerCpu } from '../report/scaling-results';
import { runCommand } from './run-command';

export interface ComposeTarget {
    /** The repo's compose.yaml. */
    file: string;
    /** Extra environment for compose's interpolation, e.g. SERVER_CPUS. */
    env: Record<string, string>;
}

export const REPO_COMPOSE_FILE = path.resolve(__dirname, '..', '..', '..', 'compose.yaml');

function compose(target: ComposeTarget, args: string[], timeoutMs: number) {
    return runCommand('docker', ['compose', '-f', target.file, ...args], {
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

interface ContainerInfo {
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
    const format = '{{json .Name}}\t{{json (index .Config.Labels "com.docker.compose.service")}}\t{{json .NetworkSettings.Networks}}';
    const inspected = await runCommand('docker', ['inspect', '--format', format, ...ids], { timeoutMs: 60_000 });
    return inspected.stdout
        .split('\n')
        .filter(Boolean)
        .map((line, i) => {
            const [name, service, networks] = line.split('\t').map(part => JSON.parse(part));
            const ips = Object.fromEntries(
                Object.entries(networks as Record<string, { IPAddress: string }>).map(([network, n]) => [network, n.IPAddress]),
            );
            return { id: ids[i], name: String(name).replace(/^\//, ''), service: String(service), ips };
        });
}

/** One `docker stats --no-stream` sample of every container of the stack. */
export async function containerCpu(target: ComposeTarget): Promise<ContainerCpu[]> {
    const containers = await composeContainers(target);
    if (!containers.length) {
        return [];
    }
    const { stdout } = await runCommand(
        'docker',
        ['stats', '--no-stream', '--format', '{{json .}}', ...containers.map(c => c.id)],
        { timeoutMs: 60_000 },
    );
    const serviceOf = new Map(containers.map(c => [c.name, c.service]));
    return stdout
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line) as { Name: string; CPUPerc: string; MemUsage: string })
        .map(stat => ({
            container: stat.Name,
            service: serviceOf.get(stat.Name) ?? stat.Name,
            cpuPercent: Number.parseFloat(stat.CPUPerc) || 0,
            memoryMiB: parseMemoryMiB(stat.MemUsage),
        }))
        .sort((a, b) => a.service.localeCompare(b.service) || a.container.localeCompare(b.container));
}

/** "123.4MiB / 1.9GiB" -> 123.4 */
export function parseMemoryMiB(usage: string): number | undefined {
    const match = /^([\d.]+)\s*([KMG]i?B|B)/.exec(usage.trim());
    if (!match) {
        return undefined;
    }
    const factor: Record<string, number> = { B: 1 / 1048576, KiB: 1 / 1024, KB: 1 / 1024, MiB: 1, MB: 1, GiB: 1024, GB: 1024 };
    return Math.round(Number(match[1]) * (factor[match[2]] ?? 1) * 10) / 10;
}
