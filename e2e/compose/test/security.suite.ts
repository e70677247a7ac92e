import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { adminSession, run, type ComposeProject, type StackEnv } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

import { holdRequests, requestWithHost, statusLineOf } from '../src/nginx-probes';

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

/** The status of one cheap GraphQL POST, its body read so that the connection is reused. */
async function postStatus(url: string, query = '{ __typename }'): Promise<number> {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
        signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer();
    return res.status;
}

/** nginx's `100r/s` (or `r/m`) in requests per second. */
function perSecond(rate: string): number {
    const [, count, unit] = /^(\d+)r\/([sm])$/.exec(rate) ?? [];
    if (!count) {
        throw new Error(`not an nginx rate: ${rate}`);
    }
    return unit === 's' ? Number(count) : Number(count) / 60;
}

/** The NGINX_* settings the running nginx was started with, as compose passed them. */
async function nginxSettings(stack: ComposeProject): Promise<Record<string, string>> {
    const [nginx] = await stack.containers('nginx');
    const { Config } = await stack.inspect(nginx.ID);
    return Object.fromEntries((Config.Env as string[]).map(entry => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

/** How long an emptied `limit_req` bucket takes to fill again, plus a second. */
const refillMs = (burst: number, ratePerSecond: number) => Math.ceil((burst / ratePerSecond) * 1000) + 1_000;

/** `count` requests through `lanes` callers, each sending its next one when the last is answered. */
async function sendInLanes(count: number, lanes: number, send: () => Promise<number>) {
    const answers: Array<{ status: number; at: number }> = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
        Array.from({ length: lanes }, async () => {
            while (next < count) {
                next++;
                const status = await send();
                answers.push({ status, at: performance.now() });
            }
        }),
    );
    return {
        seconds: (performance.now() - started) / 1000,
        count: (status: number) => answers.filter(a => a.status === status).length,
        /** When the last 429 came (performance.now()), or undefined. */
        lastRefusedAt: answers.filter(a => a.status === 429).at(-1)?.at,
    };
}

const SECRET_FILES = ['cookie_secret', 'superadmin_password', 'db_password', 'redis_password'] as const;

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

        it('S3. hides versions and upstream internals, and sends security headers (a CSP on the Dashboard)', async () => {
            const { env } = stackOf();
            const ui = await fetch(`${env.baseUrl}/dashboard/`, { signal: AbortSignal.timeout(15_000) });
            expect(ui.status).toBe(200);
            expect(ui.headers.get('server')).toBe('nginx');
            expect(ui.headers.get('x-powered-by')).toBeNull();
            expect(ui.headers.get('x-content-type-options')).toBe('nosniff');
            expect(ui.headers.get('x-frame-options')).toBe('DENY');
            expect(ui.headers.get('referrer-policy')).toBe('same-origin');
            const csp = ui.headers.get('content-security-policy') ?? '';
            expect(csp).toContain("frame-ancestors 'none'");
            expect(csp).toContain("script-src 'self';");
            expect(csp).not.toContain('unsafe-eval');
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

        it('S6. /ADMIN-API and /Admin-Api meet the Admin API\'s own limit, one bucket per client whatever the case', async () => {
            const { env, stack } = stackOf();
            const settings = await nginxSettings(stack);
            const rate = perSecond(settings.NGINX_ADMIN_API_RATE);
            const burst = Number(settings.NGINX_ADMIN_API_BURST);
            // Express matches routes case-insensitively: each spelling reaches the Admin API, or nothing.
            for (const path of ['/ADMIN-API', '/Admin-Api']) {
                expect([200, 404], path).toContain(await postStatus(`${env.baseUrl}${path}`));
            }
            // Emptied through one spelling...
            const drained = await sendInLanes(3 * burst, 3 * burst, () => postStatus(`${env.baseUrl}/ADMIN-API`));
            console.info(`/ADMIN-API burst of ${3 * burst}: ${drained.count(200)} x 200, ${drained.count(429)} x 429, ${drained.count(404)} x 404`);
            // Past the limit: answered by a server, 200, or not served there, 404.
            const passed = (answers: { count: (status: number) => number }) => answers.count(200) + answers.count(404);
            expect(drained.count(429), 'refused by the limit').toBeGreaterThan(0);
            expect(passed(drained)).toBeLessThanOrEqual(burst + 1 + Math.ceil(rate * drained.seconds));
            // ...the bucket is empty for every other spelling too: at most what the rate refilled
            // since the last refusal passes.
            let lastRefusedAt = drained.lastRefusedAt ?? performance.now();
            for (const path of ['/admin-api', '/Admin-Api', '/admin-API/']) {
                const after = await sendInLanes(30, 30, () => postStatus(`${env.baseUrl}${path}`));
                const refilled = Math.ceil((rate * (performance.now() - lastRefusedAt)) / 1000);
                console.info(`${path} right after: ${passed(after)} passed, ${after.count(429)} x 429 (refilled at most ${refilled})`);
                expect(passed(after), path).toBeLessThanOrEqual(1 + refilled);
                expect(passed(after) + after.count(429), path).toBe(30);
                lastRefusedAt = after.lastRefusedAt ?? lastRefusedAt;
            }
            await sleep(refillMs(burst, rate));
        });

        it('S7. serves the Dashboard under any spelling of its path only with its CSP (or not at all)', async () => {
            const { env } = stackOf();
            for (const path of ['/dashboard/', '/DASHBOARD/', '/Dashboard/', '/DASHBOARD/products']) {
                const res = await fetch(`${env.baseUrl}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
                await res.arrayBuffer();
                if (res.status !== 404) {
                    expect(res.headers.get('content-security-policy') ?? '', `${path}: ${res.status}`).toContain("frame-ancestors 'none'");
                    expect(res.headers.get('x-frame-options'), path).toBe('DENY');
                }
            }
        });

        it('S8. refuses a Host that is not one of the shop\'s names (421), and serves the listed ones', async () => {
            const { env } = stackOf();
            for (const host of ['evil.example', `evil.example:${env.port}`, 'localhost.evil.example']) {
                for (const path of ['/shop-api?query=%7BactiveChannel%7Bcode%7D%7D', '/admin/', '/assets/x.jpg', '/health']) {
                    expect((await requestWithHost(env.port, path, { host })).status, `${host} ${path}`).toBe(421);
                }
            }
            // An HTTP/1.0 request carries no Host at all.
            expect(await statusLineOf(env.port, 'GET /health HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 421 /);
            // The default NGINX_SERVER_NAMES, with or without a port, in any case.
            for (const host of ['localhost', `localhost:${env.port}`, '127.0.0.1', `127.0.0.1:${env.port}`, 'LocalHost']) {
                expect((await requestWithHost(env.port, '/health', { host })).status, host).toBe(200);
            }
            // Balancers that check by address still get nginx's own health.
            expect((await requestWithHost(env.port, '/nginx-health', { host: '10.1.2.3' })).status).toBe(200);
        });

        it('S9. builds asset URLs from PUBLIC_URL, whatever Host, X-Forwarded-Host or -Proto a client sends', async () => {
            const { env } = stackOf();
            const body = JSON.stringify({ query: '{ products(options: { take: 1 }) { items { featuredAsset { preview } } } }' });
            const hostile = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'gopher', forwarded: 'host=evil.example;proto=https' };
            for (const host of ['127.0.0.1:1', 'LOCALHOST:9', `localhost:${env.port}`]) {
                const answer = await requestWithHost(env.port, '/shop-api', { method: 'POST', host, headers: hostile, body });
                expect(answer.status, host).toBe(200);
                const preview: string = JSON.parse(answer.body).data.products.items[0].featuredAsset.preview;
                expect(preview.startsWith(`${env.baseUrl}/assets/`), `${host}: ${preview}`).toBe(true);
                expect(preview).not.toMatch(/evil|gopher|:1\/|:9\//i);
            }
        });

        it('S10. limits the Shop API per client address with the configured rate and burst', async () => {
            const { env, stack } = stackOf();
            const settings = await nginxSettings(stack);
            const rate = perSecond(settings.NGINX_SHOP_API_RATE);
            const burst = Number(settings.NGINX_SHOP_API_BURST);
            const connections = Number(settings.NGINX_SHOP_API_CONNECTIONS);
            console.info(`Shop API limits: ${settings.NGINX_SHOP_API_RATE} burst ${burst}, ${connections} connections per address`);
            await sleep(refillMs(burst, rate));
            // Fewer lanes than the connection limit, so that only the rate can refuse.
            const lanes = Math.min(40, connections - 1);
            const sent = await sendInLanes(4 * burst, lanes, () => postStatus(`${env.baseUrl}/shop-api`));
            console.info(`shop-api: ${4 * burst} requests in ${sent.seconds.toFixed(1)} s: ${sent.count(200)} x 200, ${sent.count(429)} x 429`);
            expect(sent.count(200) + sent.count(429)).toBe(4 * burst);
            // A full bucket answers the burst at once; beyond it only what the rate refills.
            expect(sent.count(200)).toBeGreaterThanOrEqual(burst);
            expect(sent.count(200)).toBeLessThanOrEqual(burst + 1 + Math.ceil(rate * sent.seconds));
            expect(sent.count(429)).toBeGreaterThan(0);

            // Per address: while this client is held at the rate, another address is not.
            const [server] = await stack.containers('server');
            const image = (await stack.inspect(server.ID)).Config.Image as string;
            const flood: Array<{ at: number; status: number }> = [];
            let stop = false;
            const flooding = Promise.all(
                Array.from({ length: 20 }, async () => {
                    while (!stop && flood.length < 50_000) {
                        flood.push({ at: Date.now(), status: await postStatus(`${env.baseUrl}/shop-api`) });
                        await sleep(20);
                    }
                }),
            );
            let other = { code: -1, stdout: '', stderr: '' };
            const window = { from: 0, to: 0 };
            try {
                await sleep(1_000);
                window.from = Date.now();
                const probe =
                    "(async()=>{const s=[];for(let i=0;i<5;i++){const r=await fetch('http://nginx/shop-api',{method:'POST'," +
                    "headers:{'content-type':'application/json'},body:JSON.stringify({query:'{ __typename }'})});await r.text();s.push(r.status)}" +
                    "console.log(s.join(' '))})()";
                other = await run('docker', ['run', '--rm', '--network', `${stack.name}_frontend`, '--entrypoint', 'node', image, '-e', probe], 60_000);
                window.to = Date.now();
            } finally {
                stop = true;
                await flooding;
            }
            expect(other.stdout.trim(), other.stderr).toBe('200 200 200 200 200');
            expect(flood.filter(r => r.at >= window.from && r.at <= window.to && r.status === 429).length).toBeGreaterThan(0);
            await sleep(refillMs(burst, rate));
        });

        it('S11. holds at most NGINX_SHOP_API_CONNECTIONS Shop API requests of one address at once', async () => {
            const { env, stack } = stackOf();
            const settings = await nginxSettings(stack);
            const connections = Number(settings.NGINX_SHOP_API_CONNECTIONS);
            const burst = Number(settings.NGINX_SHOP_API_BURST);
            const extra = 10;
            // Within the burst, so that only the connection limit can refuse.
            expect(connections + extra).toBeLessThanOrEqual(burst);
            const held = await holdRequests(env.port, '/shop-api', '127.0.0.1', connections + extra, 3_000);
            console.info(`held ${held.held}, answered at once: ${held.answered.join(', ')}`);
            expect(held.answered).toHaveLength(extra);
            expect(held.answered.every(line => /^HTTP\/1\.1 429 /.test(line))).toBe(true);
            expect(held.held).toBe(connections);
            await sleep(refillMs(burst, perSecond(settings.NGINX_SHOP_API_RATE)));
        });

        it('S12. refuses Shop API introspection in production', async () => {
            const { env } = stackOf();
            for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Product") { fields { name } } }']) {
                const res = await fetch(`${env.baseUrl}/shop-api`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ query }),
                    signal: AbortSignal.timeout(15_000),
                });
                const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
                console.info(`introspection ${query}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
                expect(body.data?.__schema ?? body.data?.__type ?? null, query).toBeNull();
                expect(body.errors?.length ?? 0, query).toBeGreaterThan(0);
            }
        });

        it('S13. shows no secret in `docker inspect` (Env, Cmd, healthcheck) of any service that keeps running', async () => {
            const { env, stack } = stackOf();
            const secrets = Object.fromEntries(await Promise.all(SECRET_FILES.map(async name => [name, await stack.secret(name)] as const)));
            // The operator's own password, as given in .env; the others generated, long and distinct.
            expect(secrets.superadmin_password).toBe(env.superadmin.password);
            for (const name of ['cookie_secret', 'db_password', 'redis_password'] as const) {
                expect(secrets[name], name).toMatch(/^[A-Za-z0-9_-]{43}$/);
            }
            expect(new Set(Object.values(secrets)).size).toBe(SECRET_FILES.length);

            const rows: Array<Record<string, string>> = [];
            for (const service of ['server', 'worker', 'postgres', 'redis', 'nginx', 'migrate']) {
                for (const c of await stack.containers(service)) {
                    const inspected = await stack.inspect(c.ID);
                    const text = JSON.stringify(inspected);
                    for (const [name, value] of Object.entries(secrets)) {
                        expect(text.includes(value), `${c.Name} shows ${name}`).toBe(false);
                    }
                    const names = (inspected.Config.Env as string[]).map(entry => entry.split('=')[0]);
                    expect(names.filter(name => /(SECRET|PASSWORD)$/.test(name)), c.Name).toEqual([]);
                    rows.push({ container: c.Name, secretFiles: names.filter(name => name.endsWith('_FILE')).join(' ') });
                }
            }
            console.table(rows);
            // The one-shot secrets job saw only what .env gave it: the superadmin password.
            const [job] = await stack.containers('secrets');
            expect(job).toMatchObject({ State: 'exited', ExitCode: 0 });
            const jobText = JSON.stringify(await stack.inspect(job.ID));
            for (const name of ['cookie_secret', 'db_password', 'redis_password'] as const) {
                expect(jobText.includes(secrets[name]), `secrets job shows ${name}`).toBe(false);
            }
            // Redis starts from the conf file, and its password is not on its command line as the
            // container's processes see it either (redis-server rewrites its title to host:port).
            const [redis] = await stack.containers('redis');
            expect((await stack.inspect(redis.ID)).Config.Cmd).toContain('/run/secrets/redis.conf');
            const cmdline = await stack.compose(['exec', '-T', 'redis', 'cat', '/proc/1/cmdline']);
            expect(cmdline.stdout).toMatch(/redis-server/);
            expect(cmdline.stdout).not.toContain(secrets.redis_password);
        });

        it('S14. keeps the secrets in a volume the services mount read-only, in files no other user may read or write', async () => {
            const { stack } = stackOf();
            const { stdout } = await stack.compose(['exec', '-T', 'server', 'sh', '-c', 'stat -c "%a %u %g %n" /run/secrets /run/secrets/*; touch /run/secrets/x 2>&1 || true']);
            const modes = Object.fromEntries(
                stdout
                    .split('\n')
                    .filter(line => /^\d+ \d+ \d+ /.test(line))
                    .map(line => {
                        const [mode, uid, gid, file] = line.split(' ');
                        return [file, `${mode} ${uid}:${gid}`];
                    }),
            );
            expect(modes).toEqual({
                '/run/secrets': '750 1000:999',
                '/run/secrets/cookie_secret': '400 1000:1000',
                '/run/secrets/superadmin_password': '400 1000:1000',
                '/run/secrets/redis_password': '400 1000:1000',
                '/run/secrets/db_password': '440 1000:999',
                '/run/secrets/redis.conf': '440 1000:999',
            });
            expect(stdout).toMatch(/Read-only file system/);

            // The job that wrote them: no network, read-only root, and root only until it stepped down.
            const [job] = await stack.containers('secrets');
            const { HostConfig } = await stack.inspect(job.ID);
            expect(HostConfig).toMatchObject({ NetworkMode: 'none', ReadonlyRootfs: true, CapDrop: ['ALL'] });
            expect((HostConfig.CapAdd as string[]).map(cap => cap.replace(/^CAP_/, '')).sort()).toEqual(['CHOWN', 'SETGID', 'SETUID']);
            expect(HostConfig.SecurityOpt).toContain('no-new-privileges:true');
            expect(await stack.logs('secrets')).toMatch(/redis\.conf: written \(uid 1000, gid 1000\)/);
        });
    });
}
