import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { adminSession, type StackEnv } from '@vendure-scale/e2e-support';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/** Test artifacts (gitignored), next to the suite; the README's screenshot is copied from here. */
const RESULTS = path.resolve(__dirname, '../test-results');
export const DASHBOARD_SCREENSHOT = path.join(RESULTS, 'dashboard-product.png');

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

const isAdminApi = (response: Response) => new URL(response.url()).pathname === '/admin-api';

/** Which instances answered the Dashboard's Admin API calls while it is recording. */
function instancesDuring(page: Page) {
    const seen = new Set<string>();
    const listener = (response: Response) => {
        const instance = isAdminApi(response) ? response.headers()['x-vendure-instance'] : undefined;
        if (instance) seen.add(instance);
    };
    page.on('response', listener);
    return () => {
        page.off('response', listener);
        return [...seen];
    };
}

/** Logged in: the sidebar's user menu names the administrator, and the login form is gone. */
async function expectLoggedIn(page: Page, username: string) {
    await page.getByText(username, { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(page.url()).not.toMatch(/\/login/);
    expect(await page.locator('#field-username').count()).toBe(0);
}

/** The product's name field, once the product query has filled it. */
async function productName(page: Page): Promise<string> {
    const field = page.getByLabel('Product name');
    await field.waitFor({ timeout: 60_000 });
    await expect.poll(() => field.inputValue(), { timeout: 60_000 }).not.toBe('');
    return field.inputValue();
}

export function dashboardBrowserTests(stackOf: () => { env: StackEnv }) {
    describe('the Dashboard in a real browser', () => {
        it('D1. logs in through nginx, edits and saves a product, and keeps its session over reloads that reach different instances', async () => {
            const { env } = stackOf();
            const { username, password } = env.superadmin;
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
                // The stack on 127.0.0.1 only; anything off-host would be refused here (and by the CSP).
                const offHost: string[] = [];
                await context.route('**/*', route => {
                    const url = new URL(route.request().url());
                    if (url.hostname === '127.0.0.1') return route.continue();
                    offHost.push(url.href);
                    return route.abort();
                });
                const page = context.pages()[0] ?? (await context.newPage());
                const cspViolations: string[] = [];
                const consoleErrors: string[] = [];
                page.on('console', message => {
                    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
                    else if (message.type() === 'error') consoleErrors.push(message.text());
                });
                page.on('pageerror', error => consoleErrors.push(`page error: ${error.message}`));

                const perLoad: Array<{ load: string; instances: string[] }> = [];
                let stop = instancesDuring(page);
                // An old Angular bookmark lands on the Dashboard's login page.
                const first = await page.goto(`${env.baseUrl}/admin/`, { timeout: 60_000 });
                expect(await first?.request().redirectedFrom()?.response().then(r => r?.status())).toBe(301);
                await page.locator('#field-username').fill(username);
                await page.locator('#field-password').fill(password);
                const loginAnswer = page.waitForResponse(
                    r => isAdminApi(r) && /\blogin\b/.test(r.request().postData() ?? ''),
                    { timeout: 60_000 },
                );
                await page.getByRole('button', { name: 'Sign in' }).click();
                // The instance that created the session: the one that answered the login mutation.
                const loginInstance = (await loginAnswer).headers()['x-vendure-instance'];
                expect(loginInstance).toBeTruthy();
                await expectLoggedIn(page, username);
                expect(new URL(page.url()).pathname).toMatch(/^\/dashboard\//);
                perLoad.push({ load: 'login', instances: stop() });

                stop = instancesDuring(page);
                await page.goto(`${env.baseUrl}/dashboard/products`, { timeout: 60_000 });
                // Rows link to their product once the list query answered (placeholders do not).
                const rows = page.locator('table tbody tr a[href*="/dashboard/products/"]');
                await rows.first().waitFor({ timeout: 60_000 });
                expect(await rows.count()).toBeGreaterThan(1);
                perLoad.push({ load: 'product list', instances: stop() });

                stop = instancesDuring(page);
                await page.goto(`${env.baseUrl}/dashboard/products/2`, { timeout: 60_000 });
                await productName(page);
                const newName = `Browser edit ${randomBytes(3).toString('hex')}`;
                await page.getByLabel('Product name').fill(newName);
                const saved = page.waitForResponse(
                    r => isAdminApi(r) && (r.request().postData() ?? '').includes('UpdateProduct'),
                    { timeout: 60_000 },
                );
                await page.getByRole('button', { name: 'Update', exact: true }).click();
                const saveResponse = await saved;
                expect(saveResponse.status()).toBe(200);
                expect(JSON.stringify(await saveResponse.json())).not.toContain('"errors"');
                perLoad.push({ load: 'product edit', instances: stop() });

                for (let i = 1; i <= RELOADS; i++) {
                    stop = instancesDuring(page);
                    await page.reload({ timeout: 60_000 });
                    await expectLoggedIn(page, username);
                    // The saved name is what every instance reads back.
                    await expect.poll(() => productName(page), { timeout: 60_000 }).toBe(newName);
                    perLoad.push({ load: `reload ${i}`, instances: stop() });
                }
                await page.screenshot({ path: DASHBOARD_SCREENSHOT, fullPage: false });

                console.table(perLoad.map(p => ({ load: p.load, instances: p.instances.join(' ') })));
                const all = new Set(perLoad.flatMap(p => p.instances));
                console.info(`the Dashboard's Admin API calls reached ${all.size} instances over ${perLoad.length} page loads`);
                expect(perLoad.every(p => p.instances.length > 0)).toBe(true);
                expect(all.size).toBeGreaterThanOrEqual(3);
                // The session held on instances other than the one that created it: the reloads
                // asserted logged-in state while answered by them.
                const reloadInstances = new Set(perLoad.filter(p => p.load.startsWith('reload')).flatMap(p => p.instances));
                expect([...reloadInstances].some(i => i !== loginInstance)).toBe(true);

                // The CSP lets the Dashboard run, and it runs clean: nothing blocked, nothing thrown.
                expect(cspViolations).toEqual([]);
                expect(consoleErrors).toEqual([]);
                expect(offHost).toEqual([]);

                // Saved for real, as the API sees it.
                const admin = await adminSession(env.baseUrl, username, password);
                const { data } = await admin.request(`{ product(id: "2") { name } }`);
                expect(data.product.name).toBe(newName);
            } finally {
                await context?.close();
                rmSync(profile, { recursive: true, force: true });
            }
        }, 300_000);
    });
}
