import { describe, expect, it } from 'vitest';

import { buildOverlay, findKustomize, KUSTOMIZE_MISSING } from './kustomize';
import { OVERLAYS } from './renderings';

describe('the kustomize renderer', () => {
    it('is on this machine (CI must install it; see deploy/k8s/README.md)', () => {
        expect(() => findKustomize()).not.toThrow();
    });

    it('fails with a message that says what to install when there is none', () => {
        expect(() => findKustomize({ PATH: '/nonexistent' })).toThrow(KUSTOMIZE_MISSING);
    });
});

describe('the overlays', () => {
    it('include production', () => {
        expect(OVERLAYS).toContain('production');
    });

    it.each(OVERLAYS)('%s does not render without the operator\'s secrets.env', overlay => {
        // An overlay that rendered without it would deploy the base's public placeholders.
        expect(() => buildOverlay(overlay)).toThrow(/secrets\.env/);
    });
});
