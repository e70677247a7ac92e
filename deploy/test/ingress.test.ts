import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { nginxTemplates, renderCompose } from './compose-render';
import { annotation, ingressPaths, routeOf, sizeBytes } from './ingress-routes';
import { K8S_DIR } from './kustomize';
import type { K8sObject, Rendered } from './rendered';
import { renderings } from './renderings';
import { roleContainers } from './roles';

/** The controller settings the manifests rely on (deploy/k8s/ingress-nginx/values.yaml). */
const controllerValues = parse(readFileSync(path.join(K8S_DIR, 'ingress-nginx/values.yaml'), 'utf8'));
const controllerConfig: Record<string, string> = controllerValues.controller.config;

/** The headers compose's nginx sends on every answer (docker/nginx/templates). */
const SECURITY_HEADERS = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
};

// ingress-nginx's custom-headers refuses (503 on the whole Ingress) a header name or value outside
// these characters: letters, digits, - and _ in names; no quotes of other kinds or control
// characters in values.
const VALID_HEADER_NAME = /^[A-Za-z0-9_-]+$/;
const VALID_HEADER_VALUE = /^[A-Za-z0-9_ :;.,\\/"'?!(){}[\]@<>=\-+*#$&`|~^%]+$/;

const REQUESTS = {
    adminApi: ['/admin-api', '/ADMIN-API', '/Admin-Api', '/admin-api?languageCode=en', '/aDmIn-ApI/'],
    shopApi: ['/shop-api', '/SHOP-API', '/Shop-Api?vendure-token=x'],
    // The Dashboard, and the old admin UI's bookmarks, which the app redirects to /dashboard/.
    dashboard: ['/dashboard', '/dashboard/', '/DASHBOARD/', '/Dashboard/products/2', '/dashboard/assets/index-abc123.js', '/admin', '/admin/', '/ADMIN/', '/Admin/catalog/products'],
    other: ['/assets/preview/ab/c.jpg', '/health', '/administrator', '/admin-apix', '/dashboards', '/'],
};

/** compose's nginx, as `docker compose up` renders it: its limits and the headers it adds. */
const composeNginx = renderCompose().services.nginx.environment ?? {};
const composeHeaders = new Map<string, Set<string>>();
for (const { text } of nginxTemplates(composeNginx)) {
    for (const [, name, value] of text.matchAll(/\badd_header\s+(\S+)\s+("[^"]*"|\S+)(?:\s+always)?\s*;/g)) {
        composeHeaders.set(name, (composeHeaders.get(name) ?? new Set()).add(value.replace(/^"|"$/g, '')));
    }
}
/** nginx's `20r/s` in requests per second. */
const perSecond = (rate: string) => {
    const [, n, unit] = /^(\d+)r\/([sm])$/.exec(rate)!;
    return unit === 's' ? Number(n) : Number(n) / 60;
};

function headersOf(rendered: Rendered, ingress: K8sObject): { namespace: string; name: string; map?: K8sObject } {
    const ref = annotation(ingress, 'custom-headers') ?? '';
    const [namespace, name] = ref.split('/');
    const map = rendered.ofKind('ConfigMap').find(m => m.metadata.name === name && (m.metadata.namespace ?? 'vendure') === namespace);
    return { namespace, name, map };
}

describe.each(renderings())('$name: the Ingress has the compose nginx\'s headers and limits', ({ rendered }) => {
    const hosts = new Set(ingressPaths(rendered).map(p => p.host));
    const [host] = hosts;
    const route = (uri: string) => routeOf(rendered, uri, host)!;
    const adminApi = route('/admin-api');
    const shopApi = route('/shop-api');
    const dashboard = route('/dashboard/');
    const other = route('/');

    it('serves one host, with each class of path in an Ingress of its own', () => {
        expect(hosts.size).toBe(1);
        expect(new Set([adminApi, shopApi, dashboard, other].map(i => i?.metadata.name)).size).toBe(4);
        const paths = ingressPaths(rendered).map(p => p.path);
        expect(new Set(paths).size, 'no path declared twice').toBe(paths.length);
    });

    it.each(Object.entries(REQUESTS))('routes %s paths in any letter case to the same Ingress', (kind, uris) => {
        const expected = { adminApi, shopApi, dashboard, other }[kind as keyof typeof REQUESTS];
        for (const uri of uris) {
            expect(route(uri)?.metadata.name, uri).toBe(expected.metadata.name);
        }
    });

    it('makes every path a case-insensitive regex: a prefix that ends at a segment boundary', () => {
        for (const { ingress, path: p, pathType } of ingressPaths(rendered)) {
            expect(annotation(ingress, 'use-regex'), ingress.metadata.name).toBe('true');
            // Regex paths are ImplementationSpecific (Prefix and Exact must be plain paths).
            expect(pathType, p).toBe('ImplementationSpecific');
            expect(p, 'a literal prefix, then (?:/|$) or nothing').toMatch(/^\/[A-Za-z0-9_-]*(\(\?:\/\|\$\))?$/);
        }
    });

    it('limits the Admin API per client address as compose does (NGINX_ADMIN_API_RATE, _BURST)', () => {
        const rps = Number(annotation(adminApi, 'limit-rps'));
        const burst = rps * Number(annotation(adminApi, 'limit-burst-multiplier') ?? 5);
        expect({ rps, burst }).toEqual({ rps: perSecond(composeNginx.NGINX_ADMIN_API_RATE), burst: Number(composeNginx.NGINX_ADMIN_API_BURST) });
        // compose bounds uploads in flight globally; per address is what ingress-nginx can do.
        expect(Number(annotation(adminApi, 'limit-connections'))).toBeGreaterThan(0);
    });

    it('limits the Shop API per client address as compose does (NGINX_SHOP_API_RATE, _BURST, _CONNECTIONS)', () => {
        const rps = Number(annotation(shopApi, 'limit-rps'));
        const burst = rps * Number(annotation(shopApi, 'limit-burst-multiplier') ?? 5);
        expect({ rps, burst, connections: Number(annotation(shopApi, 'limit-connections')) }).toEqual({
            rps: perSecond(composeNginx.NGINX_SHOP_API_RATE),
            burst: Number(composeNginx.NGINX_SHOP_API_BURST),
            connections: Number(composeNginx.NGINX_SHOP_API_CONNECTIONS),
        });
    });

    it('takes uploads on the Admin API only; everywhere else the Shop API\'s small bodies, as compose does', () => {
        expect(sizeBytes(annotation(adminApi, 'proxy-body-size')!)).toBe(sizeBytes(composeNginx.NGINX_ADMIN_API_MAX_BODY_SIZE));
        expect(sizeBytes(annotation(adminApi, 'proxy-body-size')!)).toBeGreaterThanOrEqual(20 * 1024 ** 2);
        for (const ingress of [shopApi, dashboard, other]) {
            const size = annotation(ingress, 'proxy-body-size');
            expect(size, `${ingress.metadata.name} sets its own (the controller's default is 1m)`).toBeDefined();
            expect(sizeBytes(size!), ingress.metadata.name).toBe(sizeBytes(composeNginx.NGINX_SHOP_API_MAX_BODY_SIZE));
        }
    });

    it('sends the same security headers as the compose nginx, the Dashboard\'s CSP included', () => {
        const security = headersOf(rendered, other).map!.data;
        const dashboardHeaders = headersOf(rendered, dashboard).map!.data;
        // X-Request-Id is a trace id, not a security header; ingress-nginx passes its own upstream.
        const names = [...composeHeaders.keys()].filter(name => name !== 'X-Request-Id');
        expect(names.length).toBeGreaterThan(0);
        for (const name of names) {
            const values = [...composeHeaders.get(name)!];
            expect(values, `compose sends one ${name}`).toHaveLength(1);
            expect(name === 'Content-Security-Policy' ? dashboardHeaders[name] : security[name], name).toBe(values[0]);
        }
    });

    it.each(rendered.ofKind('Ingress').map(i => [i.metadata.name, i] as const))(
        '%s: sends X-Content-Type-Options, X-Frame-Options and Referrer-Policy from a ConfigMap beside it',
        (_, ingress) => {
            const { namespace, map } = headersOf(rendered, ingress);
            expect(namespace, 'ingress-nginx reads namespace/name; the Ingress\'s own namespace').toBe(ingress.metadata.namespace ?? 'vendure');
            expect(map, `ConfigMap ${annotation(ingress, 'custom-headers')}`).toBeDefined();
            expect(map!.data).toMatchObject(SECURITY_HEADERS);
            for (const [name, value] of Object.entries(map!.data as Record<string, string>)) {
                expect(name).toMatch(VALID_HEADER_NAME);
                expect(value, name).toMatch(VALID_HEADER_VALUE);
            }
        },
    );

    it('sends a Content-Security-Policy on the Dashboard only, allowing no inline or foreign script and no eval', () => {
        const csp: string = headersOf(rendered, dashboard).map!.data['Content-Security-Policy'];
        const directives = new Map(csp.split(';').map(d => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
        expect(directives.get('default-src')).toEqual(["'self'"]);
        expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
        expect(directives.get('script-src')).not.toContain("'unsafe-eval'");
        expect(directives.get('script-src')?.every(source => source.startsWith("'"))).toBe(true);
        expect(directives.get('object-src')).toEqual(["'none'"]);
        expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
        for (const ingress of [adminApi, shopApi, other]) {
            expect(headersOf(rendered, ingress).map!.data['Content-Security-Policy'], ingress.metadata.name).toBeUndefined();
        }
    });

    if (host) {
        it('builds asset URLs from the Ingress host over TLS, never from a request\'s Host header', () => {
            for (const c of roleContainers(rendered)) {
                const prefix = c.app().ASSET_URL_PREFIX;
                expect(prefix, `${c.deployment.metadata.name}/${c.container.name}`).toBeDefined();
                expect(new URL(prefix!).host).toBe(host);
                expect(new URL(prefix!).protocol).toBe('https:');
            }
            for (const ingress of rendered.ofKind('Ingress')) {
                expect(ingress.spec.tls?.flatMap((t: { hosts: string[] }) => t.hosts), ingress.metadata.name).toContain(host);
            }
        });
    }

    it('uses no snippet annotation: recent controllers refuse them, and they are a cluster-wide risk', () => {
        for (const ingress of rendered.ofKind('Ingress')) {
            expect(Object.keys(ingress.metadata.annotations ?? {}).filter(a => /snippet/.test(a)), ingress.metadata.name).toEqual([]);
        }
    });

    it('names only headers the controller is told to allow', () => {
        const allowed = controllerConfig['global-allowed-response-headers'].split(',').map(h => h.trim());
        for (const ingress of rendered.ofKind('Ingress')) {
            // Compared as written: the controller's check is case-sensitive.
            expect(allowed).toEqual(expect.arrayContaining(Object.keys(headersOf(rendered, ingress).map!.data)));
        }
    });
});

describe('the ingress controller settings the manifests rely on', () => {
    it('allow no snippet annotations', () => {
        expect(controllerValues.controller.allowSnippetAnnotations).toBe(false);
        expect(controllerConfig['allow-snippet-annotations'] ?? 'false').toBe('false');
    });

    it('refuse over-limit requests with 429, as compose does', () => {
        expect(controllerConfig['limit-req-status-code']).toBe('429');
        expect(controllerConfig['limit-conn-status-code']).toBe('429');
    });

    it('name no nginx version and pass no X-Powered-By', () => {
        expect(controllerConfig['server-tokens']).toBe('false');
        expect(controllerConfig['hide-headers'].split(',')).toContain('X-Powered-By');
    });

    it('see each client\'s own address, and never take it from a client-sent header', () => {
        const proxyProtocol = controllerConfig['use-proxy-protocol'] === 'true';
        const local = controllerValues.controller.service?.externalTrafficPolicy === 'Local';
        expect(proxyProtocol || local, 'externalTrafficPolicy: Local or use-proxy-protocol').toBe(true);
        expect(controllerConfig['use-forwarded-headers']).toBe('false');
    });
});
