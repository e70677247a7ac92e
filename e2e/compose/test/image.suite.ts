import { docker } from '@vendure-scale/e2e-support';
import { describe, expect, it } from 'vitest';

import { SUITE } from '../src/suite';

/** The one image every role of the stack runs (compose.yaml's VENDURE_IMAGE for this suite). */
const IMAGE = `vendure-scale:${SUITE}`;

/** Issue 12's bound, in the bytes `docker image inspect` counts (decimal megabytes). */
const MAX_IMAGE_BYTES = 350_000_000;

/** A shell command in the image, without a role: the entrypoint runs an explicit command as given. */
function inImage(script: string): Promise<string> {
    return docker(['run', '--rm', '--network', 'none', IMAGE, 'sh', '-c', script], { timeoutMs: 120_000 });
}

export function imageTests() {
    describe('the application image', () => {
        it('I1. is at most 350 MB, and its runtime stage has no compiler, source maps, type files or Dashboard build chain', async () => {
            const bytes = Number((await docker(['image', 'inspect', '--format', '{{.Size}}', IMAGE])).trim());
            // The five largest packages, for the README's image section (not the workspace links).
            const largest = await inImage(
                'cd /app/node_modules && for d in $(ls -d */ @*/*/ | grep -v "^@[^/]*/$"); do [ -L "${d%/}" ] || du -s --bytes "$d"; done | sort -rn | head -5',
            );
            console.info(`${IMAGE}: ${(bytes / 1e6).toFixed(1)} MB\nlargest packages (bytes):\n${largest}`);
            expect(bytes).toBeLessThanOrEqual(MAX_IMAGE_BYTES);

            const leftovers = await inImage(
                [
                    'cd /app',
                    'node -e "require.resolve(\'typescript\')" 2>/dev/null && echo "typescript resolves"',
                    'ls node_modules/.bin/tsc 2>/dev/null',
                    'ls -d node_modules/vite node_modules/react node_modules/@vendure/admin-ui-plugin node_modules/@vendure/create 2>/dev/null',
                    'ls node_modules/@vendure/dashboard/src 2>/dev/null | head -1',
                    "find . \\( -name '*.map' -o -name '*.d.ts' -o -name '*.tsx' \\) -print | head -5",
                    'true',
                ].join('; '),
            );
            expect(leftovers.trim()).toBe('');

            // What every server serves and what the migrate role seeds are in it, ready built.
            const present = await inImage(
                'cd /app && ls apps/dashboard/dist/index.html packages/shop/dist/sample-data/products.csv && node -e "require(\'@vendure/dashboard/plugin\')" && echo plugin loads',
            );
            expect(present).toContain('plugin loads');
        });
    });
}
