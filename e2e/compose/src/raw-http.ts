import { connect } from 'node:net';

export interface SlowRequestOutcome {
    /** The first line nginx answered with, if it answered before closing. */
    statusLine: string | undefined;
    /** The server closed the connection (as opposed to our own bound running out). */
    closedByServer: boolean;
    bytesSent: number;
    seconds: number;
}

/**
 * A client that sends its request headers one byte every `intervalMs` and never finishes them
 * (slowloris), until the server answers or closes, or `boundMs` passes.
 */
export function trickleHeaders(port: number, intervalMs: number, boundMs: number): Promise<SlowRequestOutcome> {
    const started = Date.now();
    const request = `GET /shop-api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(1000)}`;
    return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let received = '';
        let sent = 0;
        let settled = false;
        const finish = (closedByServer: boolean) => {
            if (settled) return;
            settled = true;
            clearInterval(ticker);
            clearTimeout(bound);
            socket.destroy();
            resolve({
                statusLine: received ? received.split('\r\n')[0] : undefined,
                closedByServer,
                bytesSent: sent,
                seconds: (Date.now() - started) / 1000,
            });
        };
        const ticker = setInterval(() => {
            if (sent < request.length && socket.writable) {
                socket.write(request[sent++]);
            }
        }, intervalMs);
        const bound = setTimeout(() => finish(false), boundMs);
        socket.on('data', chunk => (received += chunk.toString('latin1')));
        socket.on('end', () => finish(true));
        socket.on('close', () => finish(true));
        socket.on('error', error => {
            // A reset by nginx is a close by the server too.
            if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE') {
                finish(true);
            } else if (!settled) {
                settled = true;
                clearInterval(ticker);
                clearTimeout(bound);
                reject(error);
            }
        });
    });
}
