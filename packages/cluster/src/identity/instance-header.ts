import type { Middleware } from '@vendure/core';
import type { NextFunction, Request, Response } from 'express';

export const INSTANCE_HEADER = 'X-Vendure-Instance';

/** Names the answering instance on every response, so that load balancing can be observed. */
export function instanceHeaderMiddleware(instance: string): Middleware {
    return {
        route: '/',
        beforeListen: true,
        handler: (_req: Request, res: Response, next: NextFunction) => {
            res.setHeader(INSTANCE_HEADER, instance);
            next();
        },
    };
}
