import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

export interface HttpClient {
    post(path: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<HttpAnswer>;
    close(): void;
}

/**
 * Keep-alive POSTs to one origin over Node's own http client, one socket per request in flight
 * (a virtual user holds at most one), as a browser or k6 keeps its connections. Node's client
 * rather than fetch: it costs the driver a fraction of the CPU per request, and the driver shares
 * the box with the stack it measures.
 */
export function httpClient(baseUrl: string): HttpClient {
    const origin = new URL(baseUrl);
    const secure = origin.protocol === 'https:';
    const agent = new (secure ? https : http).Agent({ keepAlive: true, scheduling: 'lifo' });
    const request = secure ? https.request : http.request;
    return {
        post(path, headers, body, timeoutMs) {
            return new Promise((resolve, reject) => {
                const req = request(
                    {
                        protocol: origin.protocol,
                        hostname: origin.hostname,
                        port: origin.port,
                        path,
                        method: 'POST',
                        agent,
                        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
                        timeout: timeoutMs,
                    },
                    res => {
                        const chunks: Buffer[] = [];
                        res.on('data', (chunk: Buffer) => chunks.push(chunk));
                        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
                        res.on('error', reject);
                    },
                );
                // `timeout` only reports inactivity; ending the request is what makes it fail.
                req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
                req.on('error', reject);
                req.end(body);
            });
        },
        close() {
            agent.destroy();
        },
    };
}
