import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GraphQLClient, GraphQLSession } from '../src/graphql-client';

/**
 * A stand-in for Vendure: every answer hands out a new token and cookie, and echoes the
 * credentials the request carried, so that a test sees what the client sent.
 */
let server: Server;
let url: string;
let served = 0;

function answer(req: IncomingMessage, body: string) {
    const { query } = JSON.parse(body) as { query: string };
    served++;
    if (query === 'html') {
        return { status: 502, type: 'text/html', text: '<html>bad gateway</html>' };
    }
    if (query === 'error') {
        return { status: 200, type: 'application/json', text: JSON.stringify({ errors: [{ message: 'no such field' }] }) };
    }
    if (query.startsWith('mutation')) {
        const ok = !body.includes('wrong');
        const login = ok ? { __typename: 'CurrentUser' } : { __typename: 'InvalidCredentialsError', message: 'bad' };
        return { status: 200, type: 'application/json', text: JSON.stringify({ data: { login } }) };
    }
    const data = { authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null };
    return { status: 200, type: 'application/json', text: JSON.stringify({ data }) };
}

beforeAll(async () => {
    server = createServer((req, res) => {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
            const { status, type, text } = answer(req, body);
            res.setHeader('content-type', type);
            res.setHeader('vendure-auth-token', `token-${served}`);
            res.setHeader('set-cookie', [`session=s${served}; Path=/; HttpOnly`, `session.sig=g${served}; Path=/`]);
            if (req.url === '/with-instance') {
                res.setHeader('x-vendure-instance', 'host:42');
            }
            res.statusCode = status;
            res.end(text);
        });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

describe('GraphQLSession', () => {
    it('bearer: sends the last token Vendure handed out, and no cookie', async () => {
        const session = new GraphQLSession('bearer');
        expect((await session.query(`${url}/`, '{ me }')).data).toEqual({ authorization: null, cookie: null });
        const second = await session.query(`${url}/`, '{ me }');
        expect(second.data.authorization).toMatch(/^Bearer token-\d+$/);
        expect(second.data.cookie).toBeNull();
        expect(session.token).toBe(`token-${served}`);
    });

    it('cookie: sends every cookie it was given, and no token', async () => {
        const session = new GraphQLSession('cookie');
        await session.query(`${url}/`, '{ me }');
        const { data } = await session.query(`${url}/`, '{ me }');
        expect(data.authorization).toBeNull();
        expect(data.cookie).toMatch(/^session=s\d+; session\.sig=g\d+$/);
    });

    it('keeps one session across URLs, and a snapshot keeps it after the original moves on', async () => {
        const session = new GraphQLSession('bearer');
        await session.query(`${url}/a`, '{ me }');
        const copy = session.snapshot();
        const held = session.token;
        await session.query(`${url}/b`, '{ me }');
        expect(session.token).not.toBe(held);
        expect((await copy.query(`${url}/a`, '{ me }')).data.authorization).toBe(`Bearer ${held}`);
    });

    it('names the instance that answered, or (none)', async () => {
        const session = new GraphQLSession();
        expect((await session.query(`${url}/with-instance`, '{ me }')).instance).toBe('host:42');
        expect((await session.query(`${url}/`, '{ me }')).instance).toBe('(none)');
    });

    it('throws on GraphQL errors and on a body that is not JSON', async () => {
        const session = new GraphQLSession();
        await expect(session.query(`${url}/`, 'error')).rejects.toThrow(/answered 200: .*no such field/);
        await expect(session.query(`${url}/`, 'html')).rejects.toThrow(/answered 502 with a non-JSON body: <html>bad gateway/);
    });
});

describe('GraphQLClient', () => {
    it('logs in at its URL and then carries the session', async () => {
        const client = await new GraphQLClient(`${url}/admin-api`).login('superadmin', 'right');
        expect(client.token).toBe(`token-${served}`);
        expect((await client.request('{ me }')).data.authorization).toMatch(/^Bearer token-\d+$/);
    });

    it('throws when the login answers with an error result', async () => {
        await expect(new GraphQLClient(`${url}/shop-api`).login('someone', 'wrong')).rejects.toThrow(
            /login of someone failed: .*InvalidCredentialsError/,
        );
    });
});
