import path from 'node:path';

import type { Middleware, Type } from '@vendure/core';
import { DashboardPlugin } from '@vendure/dashboard/plugin';
import type { NextFunction, Request, Response } from 'express';

import type { ShopEnv } from './shop-config';

/** Where the Dashboard is served; its Vite build uses the same base (apps/dashboard/vite.config.mts). */
export const DASHBOARD_ROUTE = 'dashboard';

/**
 * The Dashboard's Admin API extension (order metrics), its permission and its settings-store
 * fields in every role; servers also serve its built files at /dashboard/. Workers need it too:
 * Vendure's weekly `clean-orphaned-settings-store` task runs there and deletes every setting whose
 * field its own config lacks, i.e. the admins' Dashboard settings and saved views.
 *
 * Its per-process rate limit (500 page requests a minute, hashed files exempt) counts by `req.ip`,
 * the client's address behind nginx thanks to ClusterPlugin's trustProxy. It probes
 * localhost:DASHBOARD_DEV_SERVER_PORT for a Vite dev server on every request: nothing in a
 * container listens there, so that is one refused loopback connect.
 */
export function dashboardPlugin(env: ShopEnv): Type<unknown> {
    return DashboardPlugin.init({
        route: DASHBOARD_ROUTE,
        appDir: path.resolve(env.DASHBOARD_DIR),
        viteDevServerPort: env.DASHBOARD_DEV_SERVER_PORT,
    });
}

/** A content-hashed build file; the SPA also has an extension-less /assets route of its own. */
const HASHED_FILE = /^\/assets\/.+\.[A-Za-z0-9]+$/;

/**
 * DashboardPlugin marks hashed files immutable for a year but sends index.html (the answer to every
 * SPA route) with max-age=0, which lets a cache keep it: a new release must reach browsers at once.
 * Mounted before the plugin (beforeListen); `send` leaves a Cache-Control that is already set.
 */
function noStoreExceptHashedFiles(req: Request, res: Response, next: NextFunction): void {
    if (!HASHED_FILE.test(req.path)) {
        res.setHeader('Cache-Control', 'no-store');
    }
    next();
}

// Express mounts beforeListen middleware as given, so the route needs its leading slash.
export const dashboardCacheMiddleware: Middleware = {
    route: `/${DASHBOARD_ROUTE}`,
    handler: noStoreExceptHashedFiles,
    beforeListen: true,
};

/**
 * Old bookmarks of the Angular admin UI (/admin, /admin/...), which the Dashboard replaced. nginx
 * answers them itself in compose and Swarm; the Kubernetes ingress cannot send a relative
 * redirect, so it routes them here. Relative, so that the browser keeps its host and port.
 * Express matches /admin and /admin/... only, never /admin-api.
 */
export const adminRedirectMiddleware: Middleware = {
    route: '/admin',
    handler: (_req: Request, res: Response) => res.redirect(301, `/${DASHBOARD_ROUTE}/`),
    beforeListen: true,
};
