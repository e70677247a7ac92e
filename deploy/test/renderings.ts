import { readdirSync } from 'node:fs';
import path from 'node:path';

import { buildOverlay, K8S_DIR, kustomizeBuild, operatorSecrets } from './kustomize';
import { parseRendered, Rendered } from './rendered';

export interface Rendering {
    name: string;
    rendered: Rendered;
    /** What the operator supplied; undefined for the base, which brings its placeholders. */
    secrets?: Record<string, string>;
}

export const OVERLAYS = readdirSync(path.join(K8S_DIR, 'overlays'), { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort();

let cache: Rendering[] | undefined;

/** The base and every overlay, each rendered once per test file. */
export function renderings(): Rendering[] {
    if (!cache) {
        cache = [
            { name: 'base', rendered: new Rendered(parseRendered(kustomizeBuild(path.join(K8S_DIR, 'base')))) },
            ...OVERLAYS.map(overlay => {
                const secrets = operatorSecrets(overlay);
                return { name: overlay, rendered: new Rendered(parseRendered(buildOverlay(overlay, secrets))), secrets };
            }),
        ];
    }
    return cache;
}
