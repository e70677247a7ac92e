import type { K8sObject, Rendered } from './rendered';

export const INGRESS_NGINX = 'nginx.ingress.kubernetes.io';

export interface IngressPath {
    ingress: K8sObject;
    host: string;
    path: string;
    pathType: string;
}

export function annotation(ingress: K8sObject, name: string): string | undefined {
    return ingress.metadata.annotations?.[`${INGRESS_NGINX}/${name}`];
}

export function ingressPaths(rendered: Rendered): IngressPath[] {
    return rendered.ofKind('Ingress').flatMap(ingress =>
        (ingress.spec.rules ?? []).flatMap((rule: { host?: string; http?: { paths: Array<{ path: string; pathType: string }> } }) =>
            (rule.http?.paths ?? []).map(p => ({ ingress, host: rule.host ?? '', path: p.path, pathType: p.pathType })),
        ),
    );
}

/**
 * The Ingress whose location ingress-nginx picks for a request path on `host`. Written from the
 * controller's documented behaviour, since nothing here runs it: once any Ingress of a host sets
 * use-regex, every path of that host becomes `location ~* "^<path>"` (case-insensitive), and the
 * locations are ordered longest path first, where nginx takes the first regex that matches.
 * Without use-regex, matching is by case-sensitive prefix, longest first.
 */
export function routeOf(rendered: Rendered, uri: string, host = ''): K8sObject | undefined {
    const paths = ingressPaths(rendered).filter(p => p.host === host);
    const regex = paths.some(p => annotation(p.ingress, 'use-regex') === 'true');
    const ordered = [...paths].sort((a, b) => b.path.length - a.path.length || (a.path < b.path ? 1 : -1));
    const pathOnly = uri.split('?')[0];
    const matches = (p: IngressPath) =>
        regex ? new RegExp(`^${p.path}`, 'i').test(pathOnly) : pathOnly === p.path || pathOnly.startsWith(p.path.endsWith('/') ? p.path : `${p.path}/`);
    return ordered.find(matches)?.ingress;
}

/** nginx size syntax (`25m`, `512k`, `1048576`) in bytes. */
export function sizeBytes(value: string): number {
    const match = /^(\d+)([kKmMgG]?)$/.exec(value.trim());
    if (!match) {
        throw new Error(`not an nginx size: ${value}`);
    }
    const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
    return Number(match[1]) * unit;
}
