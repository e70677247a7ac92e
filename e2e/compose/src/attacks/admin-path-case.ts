import { setTimeout as sleep } from 'node:timers/promises';

import { timedGet, timedPost, type Answer } from './timed-request';

/** compose.yaml's defaults for the Admin API's nginx limit (NGINX_ADMIN_API_RATE, _BURST). */
export const ADMIN_API_RATE_PER_SECOND = 20;
export const ADMIN_API_BURST = 100;
/** An empty bucket is full again after BURST / RATE = 5 s; one more for good measure. */
export const ADMIN_API_REFILL_MS = 6_000;

/** The spellings of the Admin API path: Express matches routes case-insensitively, nginx does not. */
export const ADMIN_API_PATHS = ['/admin-api', '/ADMIN-API', '/Admin-Api'] as const;
/** The Dashboard's path, whose nginx location adds the CSP, and the old admin UI's, which redirects to it. */
export const DASHBOARD_PATHS = ['/dashboard/', '/DASHBOARD/', '/Dashboard/', '/ADMIN/'] as const;

/** Requests per burst: three times the bucket, all at once. */
export const BURST_SIZE = 300;

export interface PathBurst {
    path: string;
    answers: Answer[];
    seconds: number;
}

/**
 * At most what nginx's `limit_req … burst=B nodelay` at rate R admits in `seconds`: the request
 * that finds the bucket empty, B more at once, and R a second after that.
 */
export const admittedAtMost = (seconds: number) => ADMIN_API_BURST + 1 + Math.ceil(ADMIN_API_RATE_PER_SECOND * seconds);

/**
 * For each spelling of the path, with a full bucket: BURST_SIZE cheap queries at once. The same
 * limit admits at most {@link admittedAtMost} of them, whatever the case; a 404 refuses them all.
 */
export async function sendAdminPathBursts(baseUrl: string): Promise<PathBurst[]> {
    const bursts: PathBurst[] = [];
    for (const path of ADMIN_API_PATHS) {
        await sleep(ADMIN_API_REFILL_MS);
        const started = performance.now();
        const body = JSON.stringify({ query: '{ __typename }' });
        const answers = await Promise.all(Array.from({ length: BURST_SIZE }, () => timedPost(`${baseUrl}${path}`, body)));
        bursts.push({ path, answers, seconds: (performance.now() - started) / 1000 });
    }
    // Later tests log in through the Admin API: leave them a full bucket.
    await sleep(ADMIN_API_REFILL_MS);
    return bursts;
}

/** The Dashboard under each spelling (redirects followed): a 404, or the page with its Content-Security-Policy. */
export function sendDashboardCase(baseUrl: string): Promise<Answer[]> {
    return Promise.all(
        DASHBOARD_PATHS.map(path =>
            timedGet(`${baseUrl}${path}`, res => `${path} ${res.headers.get('content-security-policy') ? 'with CSP' : 'without CSP'}`),
        ),
    );
}
