import type { StackEnv } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

/** The policy the Dashboard runs under (the browser suite proves it runs): no eval, no inline script. */
const DASHBOARD_CSP =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const ONE_DAY_SECONDS = 24 * 60 * 60;

function get(env: StackEnv, path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${env.baseUrl}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
}

/** Cache-Control's max-age in seconds, or -1 when it has none. */
function maxAge(cacheControl: string | null): number {
    const match = /(?:^|,)\s*max-age=(\d+)/.exec(cacheControl ?? '');
    return match ? Number(match[1]) : -1;
}

function expectDashboardHeaders(res: Response) {
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
}

export function dashboardServingTests(stackOf: () => { env: StackEnv }) {
    describe('the Dashboard through nginx', () => {
        it('D2. serves index.html uncached and hashed files immutable for a year, under any spelling of the path', async () => {
            const { env } = stackOf();
            for (const path of ['/dashboard/', '/DASHBOARD/', '/dashboard/products/2']) {
                const page = await get(env, path);
                expect(page.status, path).toBe(200);
                expect(page.headers.get('content-type'), path).toMatch(/^text\/html/);
                expect(page.headers.get('cache-control'), path).toBe('no-store');
                expectDashboardHeaders(page);
                const html = await page.text();
                expect(html).toContain('<base href="/dashboard/">');
            }

            const html = await (await get(env, '/dashboard/')).text();
            const entry = /src="(assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
            expect(entry, 'the entry chunk in index.html').toBeTruthy();
            for (const path of [`/dashboard/${entry}`, `/Dashboard/${entry}`]) {
                const asset = await get(env, path, { 'accept-encoding': 'gzip' });
                expect(asset.status, path).toBe(200);
                expect(asset.headers.get('content-type'), path).toMatch(/javascript/);
                const cacheControl = asset.headers.get('cache-control');
                console.info(`${path}: Cache-Control: ${cacheControl}; Content-Encoding: ${asset.headers.get('content-encoding')}`);
                expect(cacheControl).toMatch(/\bimmutable\b/);
                expect(maxAge(cacheControl)).toBeGreaterThanOrEqual(ONE_DAY_SECONDS);
                // nginx compresses what Node sends as it is (2.8 MB for this chunk).
                expect(asset.headers.get('content-encoding')).toBe('gzip');
                expectDashboardHeaders(asset);
                await asset.arrayBuffer();
            }
            // A hashed file that no server has is a 404, never index.html under a year's caching.
            const missing = await get(env, '/dashboard/assets/index-0000000000.js');
            expect(missing.status).toBe(404);
            expect(maxAge(missing.headers.get('cache-control'))).toBeLessThan(ONE_DAY_SECONDS);
        });

        it('D3. sends old admin UI bookmarks and /dashboard to /dashboard/, and leaves the Admin API alone', async () => {
            const { env } = stackOf();
            for (const path of ['/admin', '/admin/', '/ADMIN/', '/Admin/catalog/products', '/dashboard']) {
                const res = await get(env, path);
                expect(res.status, path).toBe(301);
                // Relative, so that it keeps the host and port the browser used.
                expect(res.headers.get('location'), path).toBe('/dashboard/');
            }
            const api = await fetch(`${env.baseUrl}/admin-api`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ query: '{ __typename }' }),
                signal: AbortSignal.timeout(30_000),
            });
            expect(api.status).toBe(200);
            expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
        });
    });
}
