import type { AddressInfo } from 'node:net';

import express, { type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRedirectMiddleware } from '../src/dashboard';

// Mounted as Vendure mounts beforeListen middleware (app.use(route, handler)), before a stand-in API.
const app = express();
app.use(adminRedirectMiddleware.route, adminRedirectMiddleware.handler as RequestHandler);
app.use((_req, res) => res.status(200).send('api'));
let server: ReturnType<typeof app.listen>;
let base: string;

beforeAll(async () => {
    await new Promise<void>(resolve => {
        server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

describe('the admin UI redirect', () => {
    it.each(['/admin', '/admin/', '/ADMIN/', '/Admin/catalog/products?x=1'])('sends %s to /dashboard/ (301, relative)', async path => {
        const res = await fetch(`${base}${path}`, { redirect: 'manual' });
        expect(res.status).toBe(301);
        expect(res.headers.get('location')).toBe('/dashboard/');
    });

    it.each(['/admin-api', '/administrator', '/dashboard/'])('leaves %s alone', async path => {
        const res = await fetch(`${base}${path}`, { redirect: 'manual' });
        expect(res.status).toBe(200);
    });
});
