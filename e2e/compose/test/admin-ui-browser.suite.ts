import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { adminSession, type StackEnv } from '@vendure-scale/e2e-support';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/** Test artifacts (gitignored), next to the suite. */
const RESULTS = path.resolve(__dirname, '../test-results');

/** Debian's Chromium, never a downloaded browser; no traffic of its own (updates, sync, QUIC). */
const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

const RELOADS = 6;

/** Which instances answered the admin UI's Admin API calls during one page load. */
function instancesDuring(page: Page) {
    const seen = new Set<string>();
    const listener = (response: import('playwright-core').Response) => {
        if (new URL(response.url()).pathname === '/admin-api') {
            const instance = response.headers()['x-vendure-instance'];
            if (instance) seen.add(instance);
        }
    };
    page.on('response', listener);
    return () => {
        page.off('response', listener);
        return seen;
    };
}

/** The logged-in shell: the user menu shows, the login form does not. */
async function expectLoggedIn(page: Page) {
    await page.locator('.user-menu-btn').waitFor({ state: 'visible', timeout: 60_000 });
    expect(page.url()).not.toMatch(/\/login/);
    expect(await page.locator('#login_username').count()).toBe(0);
}

export function adminUiBrowserTests(stackOf: () => { env: StackEnv }) {
    describe('the admin UI in a real browser', () => {
        it('U1. logs in through nginx, edits and saves a product, and keeps its session over reloads that reach different instances', async () => {
            const { env } = stackOf();
            mkdirSync(RESULTS, { recursive: true });
            const profile = mkdtempSync(path.join(os.tmpdir(), 'vs-e2e-chromium-'));
            let context: BrowserContext | undefined;
            try {
                context = await chromium.launchPersistentContext(profile, {
                    executablePath: '/usr/bin/chromium',
                    headless: true,
                    args: CHROMIUM_ARGS,
                    viewport: { width: 1400, height: 900 },
                });
                // The stack on 127.0.0.1 only: the login page's random image from vendure.io and
                // anything else off-host is refused here (and by the CSP).
                await context.route('**/*', route =>
                    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
                );
                const page = context.pages()[0] ?? (await context.newPage());
                const cspViolations: string[] = [];
                const pageErrors: string[] = [];
                page.on('console', message => {
                    if (/Content Security Policy/.test(message.text())) cspViolations.push(message.text());
                });
                page.on('pageerror', error => pageErrors.push(error.message));

                const perLoad: Array<{ load: string; instances: string[] }> = [];
                let stop = instancesDuring(page);
                await page.goto(`${env.baseUrl}/admin/`, { timeout: 60_000 });
                await page.fill('#login_username', env.superadmin.username);
                await page.fill('#login_password', env.superadmin.password);
                // The instance that created the session: the one that answered the login mutation.
                const loginAnswer = page.waitForResponse(
                    r => new URL(r.url()).pathname === '/admin-api' && /\blogin\b/.test(r.request().postData() ?? ''),
                    { timeout: 60_000 },
                );
                await page.click('button.login-button');
                const loginInstance = (await loginAnswer).headers()['x-vendure-instance'];
                expect(loginInstance).toBeTruthy();
                await expectLoggedIn(page);
                perLoad.push({ load: 'login', instances: [...stop()] });

                stop = instancesDuring(page);
                await page.goto(`${env.baseUrl}/admin/catalog/products`, { timeout: 60_000 });
                // The table shows a placeholder row until the products arrive.
                await expect.poll(() => page.locator('vdr-data-table-2 tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(1);
                perLoad.push({ load: 'product list', instances: [...stop()] });

                stop = instancesDuring(page);
                await page.goto(`${env.baseUrl}/admin/catalog/products/2`, { timeout: 60_000 });
                const name = page.locator('input#name');
                await name.waitFor({ timeout: 60_000 });
                await expect.poll(() => name.inputValue(), { timeout: 30_000 }).not.toBe('');
                const newName = `Browser edit ${randomBytes(3).toString('hex')}`;
                await name.fill(newName);
                const saved = page.waitForResponse(
                    r => new URL(r.url()).pathname === '/admin-api' && (r.request().postData() ?? '').includes('updateProduct'),
                    { timeout: 60_000 },
                );
                await page.locator('button.btn-primary', { hasText: 'Update' }).click();
                const saveResponse = await saved;
                expect(saveResponse.status()).toBe(200);
                expect(JSON.stringify(await saveResponse.json())).not.toContain('"errors"');
                perLoad.push({ load: 'product edit', instances: [...stop()] });

                for (let i = 1; i <= RELOADS; i++) {
                    stop = instancesDuring(page);
                    await page.reload({ timeout: 60_000 });
                    await expectLoggedIn(page);
                    // The saved name is what every instance reads back.
                    await expect.poll(() => page.locator('input#name').inputValue(), { timeout: 60_000 }).toBe(newName);
                    perLoad.push({ load: `reload ${i}`, instances: [...stop()] });
                }
                await page.screenshot({ path: path.join(RESULTS, 'admin-ui-product.png'), fullPage: false });

                console.table(perLoad.map(p => ({ load: p.load, instances: p.instances.join(' ') })));
                const all = new Set(perLoad.flatMap(p => p.instances));
                console.info(`admin UI reached ${all.size} instances over ${perLoad.length} page loads`);
                expect(perLoad.every(p => p.instances.length > 0)).toBe(true);
                expect(all.size).toBeGreaterThanOrEqual(2);
                // Each reload alone was spread over more than one instance.
                expect(perLoad.filter(p => p.load.startsWith('reload')).every(p => p.instances.length >= 2)).toBe(true);
                // The session held on instances other than the one that created it: the reloads
                // asserted logged-in state while answered by them.
                const reloadInstances = new Set(perLoad.filter(p => p.load.startsWith('reload')).flatMap(p => p.instances));
                expect([...reloadInstances].some(i => i !== loginInstance)).toBe(true);

                // The CSP lets the admin UI run: the only thing it blocks is the call to vendure.io.
                expect(cspViolations.filter(v => !/connect-src/.test(v) || !/https:\/\/login-image\.vendure\.io/.test(v))).toEqual([]);
                expect(pageErrors).toEqual([]);

                // Saved for real, as the API sees it.
                const admin = await adminSession(env.baseUrl, env.superadmin.username, env.superadmin.password);
                const { data } = await admin.request(`{ product(id: "2") { name } }`);
                expect(data.product.name).toBe(newName);
            } finally {
                await context?.close();
                rmSync(profile, { recursive: true, force: true });
            }
        }, 240_000);
    });
}
