import type { ComposeProject } from '@vendure-scale/e2e-support';

/** One line of nginx's JSON access log (docker/nginx/templates: `vendure_json`). */
export interface AccessLogLine {
    time: string;
    status: number;
    method: string;
    uri: string;
    /** Every upstream nginx tried for this request, comma-separated, in order. */
    upstream_addr: string;
    upstream_status: string;
}

/**
 * The answers nginx itself made up (5xx with no upstream answer behind them) since `sinceMs`, read
 * from its access log, so a drill can say which instance a failed request was sent to.
 */
export async function nginxErrors(stack: ComposeProject, sinceMs: number): Promise<AccessLogLine[]> {
    // --since has second resolution; one second earlier, then filtered exactly below.
    const since = new Date(sinceMs - 1_000).toISOString();
    const { stdout } = await stack.compose(['logs', '--no-color', '--no-log-prefix', '--since', since, 'nginx']);
    return stdout
        .split('\n')
        .filter(line => line.startsWith('{'))
        .map(line => JSON.parse(line) as AccessLogLine)
        .filter(line => line.status >= 500 && new Date(line.time).getTime() >= Math.floor(sinceMs / 1_000) * 1_000);
}

/** The address nginx reaches a container at on the stack's `frontend` network. */
export async function frontendAddress(stack: ComposeProject, containerId: string, port = 3000): Promise<string> {
    const networks = (await stack.inspect(containerId)).NetworkSettings.Networks as Record<string, { IPAddress: string }>;
    const ip = networks[`${stack.name}_frontend`]?.IPAddress;
    if (!ip) {
        throw new Error(`${containerId.slice(0, 12)} has no address on ${stack.name}_frontend`);
    }
    return `${ip}:${port}`;
}
