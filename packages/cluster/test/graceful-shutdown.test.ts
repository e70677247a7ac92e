import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { SWEEP_IDLE_AFTER_MS } from '../src/roles/timing-contract';

const FIXTURE = path.join(__dirname, 'fixtures', 'slow-http-server.js');
let child: ChildProcess | undefined;

afterEach(() => {
    child?.kill('SIGKILL');
});

async function start(
    drainDelayMs: number,
    graceMs: number,
    lingerMs = 0,
): Promise<{ port: number; output: () => string }> {
    child = spawn(process.execPath, [FIXTURE], {
        env: {
            ...process.env,
            DRAIN_DELAY_MS: String(drainDelayMs),
            GRACE_MS: String(graceMs),
            LINGER_MS: String(lingerMs),
        },
    });
    let output = '';
    child.stdout!.on('data', chunk => (output += chunk));
    child.stderr!.on('data', chunk => (output += chunk));
    const deadline = Date.now() + 10_000;
    while (!/listening (\d+)/.test(output)) {
        if (Date.now() > deadline) throw new Error(`fixture did not start: ${output}`);
        await new Promise(resolve => setTimeout(resolve, 20));
    }
    return { port: Number(/listening (\d+)/.exec(output)![1]), output: () => output };
}

function get(port: number, delay: number, agent: http.Agent | false = false): Promise<{ status: number; body: string; connection?: string }> {
    return new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: `/?delay=${delay}`, agent }, res => {
            let body = '';
            res.on('data', chunk => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
        }).on('error', reject);
    });
}

const exitOf = (process: ChildProcess) => once(process, 'exit').then(([code]) => code as number);

describe('installGracefulShutdown', () => {
    it('finishes in-flight requests, then closes the app and exits 0', async () => {
        const { port, output } = await start(0, 5_000);
        const inFlight = get(port, 800);
        await new Promise(resolve => setTimeout(resolve, 100));
        const exited = exitOf(child!);
        child!.kill('SIGTERM');
        await expect(inFlight).resolves.toMatchObject({ status: 200, body: 'done' });
        expect(await exited).toBe(0);
        expect(output()).toContain('app closed');
    });

    it('does not wait out the keep-alive timeout of a connection whose request was in flight', async () => {
        const { port } = await start(0, 10_000);
        const agent = new http.Agent({ keepAlive: true });
        const inFlight = get(port, 500, agent);
        await new Promise(resolve => setTimeout(resolve, 100));
        const exited = exitOf(child!);
        const stoppedAt = Date.now();
        child!.kill('SIGTERM');
        // Not pooled by the client: a balancer could otherwise reuse it just as it is swept.
        await expect(inFlight).resolves.toMatchObject({ status: 200, body: 'done', connection: 'close' });
        expect(await exited).toBe(0);
        expect(Date.now() - stoppedAt).toBeLessThan(5_000);
        agent.destroy();
    });

    it('answers a request that arrives on a connection accepted just before the close', async () => {
        const { port } = await start(0, 5_000);
        const socket = net.connect(port, '127.0.0.1');
        await once(socket, 'connect');
        await new Promise(resolve => setTimeout(resolve, 100));
        const exited = exitOf(child!);
        child!.kill('SIGTERM');
        // The request is on its way while the server closes: to Node the connection is still idle.
        await new Promise(resolve => setTimeout(resolve, 300));
        let answer = '';
        socket.on('data', chunk => (answer += chunk));
        socket.write('GET /?delay=0 HTTP/1.1\r\nHost: x\r\n\r\n');
        await once(socket, 'close');
        expect(answer).toMatch(/^HTTP\/1\.1 200/);
        expect(answer).toMatch(/connection: close/i);
        expect(await exited).toBe(0);
    });

    it('answers a request sent on a pooled connection after the close, instead of cutting it', async () => {
        const { port } = await start(0, 10_000);
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        await get(port, 0, agent);
        const exited = exitOf(child!);
        child!.kill('SIGTERM');
        await new Promise(resolve => setTimeout(resolve, 1_000));
        // The listener is closed by now: only the pooled connection can carry this request.
        await expect(get(port, 0, agent)).resolves.toMatchObject({ status: 200, connection: 'close' });
        expect(await exited).toBe(0);
        agent.destroy();
    });

    it('sweeps a connection the client keeps idle for good, after leaving it time to close it', async () => {
        const { port } = await start(0, 10_000);
        const agent = new http.Agent({ keepAlive: true });
        await get(port, 0, agent);
        const exited = exitOf(child!);
        const stoppedAt = Date.now();
        child!.kill('SIGTERM');
        expect(await exited).toBe(0);
        // Swept after SWEEP_IDLE_AFTER_MS (4 s, longer than nginx keeps an idle upstream
        // connection), not after the 60 s keep-alive timeout.
        expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(SWEEP_IDLE_AFTER_MS - 100);
        expect(Date.now() - stoppedAt).toBeLessThan(SWEEP_IDLE_AFTER_MS + 2_000);
        agent.destroy();
    });

    it('keeps serving normally during the drain delay, then refuses', async () => {
        const { port } = await start(1_000, 5_000);
        const exited = exitOf(child!);
        child!.kill('SIGTERM');
        await new Promise(resolve => setTimeout(resolve, 200));
        const agent = new http.Agent({ keepAlive: true });
        const during = await get(port, 0, agent);
        expect(during.status).toBe(200);
        expect(during.connection).toBe('keep-alive');
        agent.destroy();
        expect(await exited).toBe(0);
        await expect(get(port, 0)).rejects.toThrow(/ECONNREFUSED/);
    });

    it('lingers after closing, refusing new connections at once, before it exits', async () => {
        const { port, output } = await start(0, 5_000, 1_500);
        const exited = exitOf(child!);
        const stoppedAt = Date.now();
        child!.kill('SIGTERM');
        await new Promise(resolve => setTimeout(resolve, 300));
        // Refused (not a hang): the process is alive, its listener is gone.
        const refusedAt = Date.now();
        await expect(get(port, 0)).rejects.toThrow(/ECONNREFUSED/);
        expect(Date.now() - refusedAt).toBeLessThan(200);
        expect(child!.exitCode).toBeNull();
        expect(await exited).toBe(0);
        expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1_400);
        expect(output()).toContain('linger 1500 ms');
    });

    it('exits non-zero when in-flight work outlives the grace period', async () => {
        const { port, output } = await start(0, 300);
        const inFlight = get(port, 5_000).catch(error => error);
        await new Promise(resolve => setTimeout(resolve, 100));
        const exited = exitOf(child!);
        child!.kill('SIGTERM');
        expect(await exited).toBe(1);
        expect(output()).toContain('grace period of 300 ms exceeded');
        await inFlight;
    });
});
