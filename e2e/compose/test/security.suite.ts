import { randomBytes } from 'node:crypto';

import { adminSession, run, sleep, type ComposeProject, type StackEnv } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

/** compose.yaml's defaults: NGINX_ADMIN_API_BURST=100 at NGINX_ADMIN_API_RATE=20r/s refill in 5 s. */
export const ADMIN_API_REFILL_MS = 6_000;

/** Every header a shop-api answer may carry through nginx; anything else would be news. */
const ALLOWED_API_HEADERS = new Set([
    'server',
    'date',
    'content-type',
    'content-length',
    'connection',
    'keep-alive',
    'content-language',
    'cache-control',
    'etag',
    'vary',
    'x-request-id',
    'x-content-type-options',
    'x-frame-options',
    'referrer-policy',
    // Opt-in (INSTANCE_HEADER=true in the test stack).
    'x-vendure-instance',
]);

const LOGIN = `mutation ($username: String!, $password: String!) {
    login(username: $username, password: $password) { __typename }
}`;

/** The cheapest Shop API query, raw, so that its status and headers can be looked at. */
function shopQuery(baseUrl: string): Promise<Response> {
    return fetch(`${baseUrl}/shop-api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ activeChannel { code } }' }),
        signal: AbortSignal.timeout(15_000),
    });
}

async function login(url: string, username: string, password: string) {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LOGIN, variables: { username, password } }),
        signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { data?: { login: { __typename: string } }; errors?: Array<{ message: string; extensions: { code: string } }> };
    return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        instance: res.headers.get('x-vendure-instance') ?? '(none)',
        outcome: body.data?.login.__typename ?? body.errors?.[0].extensions.code,
    };
}

export function securityTests(stackOf: () => { env: StackEnv; stack: ComposeProject }) {
    describe('security defaults', () => {
        it('S1. publishes nginx only; Postgres and Redis sit on an internal network, Redis wants its password', async () => {
            const { stack } = stackOf();
            for (const service of ['postgres', 'redis', 'server', 'worker', 'nginx']) {
                for (const c of await stack.containers(service)) {
                    const inspected = await stack.inspect(c.ID);
                    const published = Object.values(inspected.NetworkSettings.Ports ?? {}).filter(Boolean);
                    expect(published.length > 0, `${c.Name} publishes a port`).toBe(service === 'nginx');
                    const networks = Object.keys(inspected.NetworkSettings.Networks);
                    if (service === 'postgres' || service === 'redis') {
                        expect(networks).toEqual([`${stack.name}_backend`]);
                    }
                }
            }
            const backend = await run('docker', ['network', 'inspect', '--format', '{{.Internal}}', `${stack.name}_backend`], 30_000);
            expect(backend.stdout.trim()).toBe('true');
            const noAuth = await stack.tryCompose(['exec', '-T', '-e', 'REDISCLI_AUTH=', 'redis', 'redis-cli', 'ping']);
            expect(`${noAuth.stdout}${noAuth.stderr}`).toMatch(/NOAUTH/);
        });

        it('S2. runs every container without new privileges or spare capabilities; app containers as non-root on a read-only root under a memory limit', async () => {
            const { stack } = stackOf();
            const rows: Array<Record<string, unknown>> = [];
            for (const service of ['migrate', 'server', 'worker', 'nginx', 'postgres', 'redis']) {
                for (const c of await stack.containers(service)) {
                    const { Config, HostConfig } = await stack.inspect(c.ID);
                    rows.push({ container: c.Name, user: Config.User || 'root', readOnly: HostConfig.ReadonlyRootfs, capAdd: (HostConfig.CapAdd ?? []).join(','), memoryMiB: HostConfig.Memory / 2 ** 20 });
                    expect(HostConfig.SecurityOpt, c.Name).toContain('no-new-privileges:true');
                    expect(HostConfig.CapDrop, c.Name).toEqual(['ALL']);
                    expect(HostConfig.ReadonlyRootfs, c.Name).toBe(true);
                    if (['migrate', 'server', 'worker'].includes(service)) {
                        expect(Config.User, c.Name).toBe('node');
                        expect(HostConfig.CapAdd ?? [], c.Name).toEqual([]);
                    }
                    if (['migrate', 'server', 'worker', 'nginx'].includes(service)) {
                        expect(HostConfig.Memory, c.Name).toBeGreaterThan(0);
                    }
                }
            }
            console.table(rows);
            const [server] = await stack.containers('server');
            const probe = await run('docker', ['exec', server.ID, 'sh', '-c', 'id -u; touch /app/written 2>&1; touch /tmp/written && echo tmp-ok'], 30_000);
            expect(probe.stdout).toMatch(/^1000\n/);
            expect(probe.stdout).toMatch(/Read-only file system/);
            expect(probe.stdout).toMatch(/tmp-ok/);
        });

        it('S3. hides versions and upstream internals, and sends security headers (a CSP on the admin UI)', async () => {
            const { env } = stackOf();
            const ui = await fetch(`${env.baseUrl}/admin/`, { signal: AbortSignal.timeout(15_000) });
            expect(ui.status).toBe(200);
            expect(ui.headers.get('server')).toBe('nginx');
            expect(ui.headers.get('x-powered-by')).toBeNull();
            expect(ui.headers.get('x-content-type-options')).toBe('nosniff');
            expect(ui.headers.get('x-frame-options')).toBe('DENY');
            expect(ui.headers.get('referrer-policy')).toBe('same-origin');
            const csp = ui.headers.get('content-security-policy') ?? '';
            expect(csp).toContain("frame-ancestors 'none'");
            expect(csp).toContain("script-src 'self' 'unsafe-eval';");
            expect(ui.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);

            const api = await shopQuery(env.baseUrl);
            expect(api.status).toBe(200);
            const unexpected = [...api.headers.keys()].filter(name => !ALLOWED_API_HEADERS.has(name));
            expect(unexpected).toEqual([]);
            // A 404 from nginx itself names no version either.
            const missing = await fetch(`${env.baseUrl}/nginx-health/nothing`, { signal: AbortSignal.timeout(15_000) });
            expect(missing.headers.get('server')).toBe('nginx');
        });

        it.each(['shop-api', 'admin-api'] as const)(
            'S4. %s: the 6th rapid failed login for one identifier is refused (429, Retry-After), whichever instance answers',
            async api => {
                const { env } = stackOf();
                const url = `${env.baseUrl}/${api}`;
                const username = `nobody-${randomBytes(4).toString('hex')}@example.com`;
                const answers = [];
                for (let i = 0; i < 6; i++) {
                    answers.push(await login(url, username, `wrong-${i}`));
                }
                console.info(`${api} logins:`, answers.map(a => `${a.status} ${a.outcome} on ${a.instance}`));
                expect(answers.slice(0, 5).map(a => a.outcome)).toEqual(Array(5).fill('InvalidCredentialsError'));
                // Counted in Redis: the five failures were spread over several servers.
                expect(new Set(answers.slice(0, 5).map(a => a.instance)).size).toBeGreaterThan(1);
                const refused = answers[5];
                expect(refused).toMatchObject({ status: 429, outcome: 'TOO_MANY_REQUESTS' });
                expect(Number(refused.retryAfter)).toBeGreaterThan(0);
                // Refused on every instance, not only on the one that counted.
                for (let i = 0; i < 4; i++) {
                    expect((await login(url, username, 'wrong')).status).toBe(429);
                }
                // Another identifier from the same client is not locked out.
                if (api === 'admin-api') {
                    await adminSession(env.baseUrl, env.superadmin.username, env.superadmin.password);
                }
            },
        );

        it('S5. nginx limits the Admin API per client (429 past the burst); the Shop API stays open', async () => {
            const { env } = stackOf();
            const statuses = await Promise.all(
                Array.from({ length: 300 }, async () => {
                    const res = await fetch(`${env.baseUrl}/admin-api`, {
                        method: 'POST',
                        headers: { 'content-type': 'application/json' },
                        body: JSON.stringify({ query: '{ __typename }' }),
                        signal: AbortSignal.timeout(60_000),
                    });
                    await res.arrayBuffer();
                    return res.status;
                }),
            );
            const count = (status: number) => statuses.filter(s => s === status).length;
            console.info(`admin-api burst of 300: ${count(200)} x 200, ${count(429)} x 429`);
            expect(count(200) + count(429)).toBe(300);
            // At most the burst plus what the rate refilled while the requests arrived.
            expect(count(200)).toBeGreaterThanOrEqual(100);
            expect(count(429)).toBeGreaterThan(0);
            const shop = await shopQuery(env.baseUrl);
            expect(shop.status).toBe(200);
            // Leave the next test a full bucket.
            await sleep(ADMIN_API_REFILL_MS);
        });
    });
}
