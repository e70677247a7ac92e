import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
}

export interface HostRequest {
    method?: 'GET' | 'POST';
    /** Sent as the Host header, as given. */
    host: string;
    headers?: Record<string, string>;
    /** A JSON body. */
    body?: string;
}

/**
 * One request to nginx on 127.0.0.1 with a Host header of the caller's choosing: fetch() takes
 * the Host from the URL and allows no other, which is not what a hostile client does.
 */
export function requestWithHost(port: number, path: string, { method = 'GET', host, headers = {}, body }: HostRequest): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
        const req = request(
            {
                host: '127.0.0.1',
                port,
                path,
                method,
                setHost: false,
                headers: {
                    host,
                    ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
                    ...headers,
                },
                timeout: 15_000,
            },
            res => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', chunk => (text += chunk));
                res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
            },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within 15 s`)));
        req.on('error', reject);
        req.end(body);
    });
}

/** The status line nginx answers a request written out by hand (an HTTP/1.0 one without Host, say). */
export function statusLineOf(port: number, requestText: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(requestText));
        let received = '';
        const timer = setTimeout(() => socket.destroy(new Error('no answer within 15 s')), 15_000);
        socket.on('data', chunk => (received += chunk.toString('latin1')));
        socket.on('close', () => {
            clearTimeout(timer);
            resolve(received.split('\r\n')[0]);
        });
        socket.on('error', error => {
            clearTimeout(timer);
            reject(error);
        });
    });
}

export interface HeldRequests {
    /** The status lines of the requests nginx answered at once. */
    answered: string[];
    /** Requests nginx still held, unanswered, when the wait ended. */
    held: number;
}

/**
 * Opens `count` connections at once, each sending the headers of a POST whose body never comes.
 * nginx holds each request it accepts while it waits for the body, so those count against
 * `limit_conn`, and the ones beyond the limit are answered at once. All are closed after `waitMs`.
 */
export async function holdRequests(port: number, path: string, host: string, count: number, waitMs: number): Promise<HeldRequests> {
    const head = `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n`;
    const connections: Array<{ socket: Socket; statusLine?: string; closed: boolean }> = [];
    try {
        await Promise.all(
            Array.from(
                { length: count },
                () =>
                    new Promise<void>((resolve, reject) => {
                        const connection: (typeof connections)[number] = { socket: connect(port, '127.0.0.1'), closed: false };
                        connections.push(connection);
                        connection.socket.once('connect', () => {
                            connection.socket.write(head);
                            resolve();
                        });
                        connection.socket.on('data', chunk => (connection.statusLine ??= chunk.toString('latin1').split('\r\n')[0]));
                        connection.socket.on('close', () => (connection.closed = true));
                        connection.socket.on('error', reject);
                    }),
            ),
        );
        await new Promise(resolve => setTimeout(resolve, waitMs));
        return {
            answered: connections.flatMap(c => (c.statusLine ? [c.statusLine] : [])),
            held: connections.filter(c => !c.statusLine && !c.closed).length,
        };
    } finally {
        for (const { socket } of connections) {
            socket.destroy();
        }
    }
}
