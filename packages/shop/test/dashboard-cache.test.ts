import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';

import { dashboardCacheMiddleware } from '../src/dashboard';

/** The Cache-Control the middleware leaves on a request for `path` (relative to /dashboard). */
function cacheControlFor(path: string): string | undefined {
    const headers = new Map<string, string>();
    const res = { setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value) } as unknown as Response;
    const next = vi.fn() as NextFunction;
    (dashboardCacheMiddleware.handler as (req: Request, res: Response, next: NextFunction) => void)({ path } as Request, res, next);
    expect(next).toHaveBeenCalledOnce();
    return headers.get('cache-control');
}

describe('the Dashboard cache middleware', () => {
    it.each(['/', '/index.html', '/login', '/products/2', '/favicon.png', '/assets', '/assets/'])(
        'stores nothing of %s: index.html and every SPA route must reach browsers at once after a release',
        path => {
            expect(cacheControlFor(path)).toBe('no-store');
        },
    );

    it.each(['/assets/index-DgE-o0qy.js', '/assets/index-Bgmmy9e3.css', '/assets/inter-latin-wght-normal-Dx4kXJAl.woff2'])(
        "leaves %s to DashboardPlugin's year-long immutable caching",
        path => {
            expect(cacheControlFor(path)).toBeUndefined();
        },
    );
});
