import { median, p95, successRate } from './probe-loop';
import type { AttackMeasurement } from './under-probes';

/** One bound of the issue, checked on one attack, with the numbers that decided it. */
export interface BoundCheck {
    bound: string;
    ok: boolean;
    detail: string;
}

export const ATTACK_ANSWER_BOUND_MS = 1_000;
export const MIN_PROBE_SUCCESS = 0.99;
export const MAX_P95_FACTOR = 2;
export const MAX_LIMITER_KEYS = 100;
/**
 * Fewer probes than this in a window measure nothing: the check fails rather than pass on no data.
 * A burst answered within a second still sees about a dozen.
 */
const MIN_PROBES = 10;

const ms = (value: number) => `${Math.round(value)} ms`;

/** The bounds every attack is held to (issue 10, "How it is proven"). */
export function commonBounds(m: AttackMeasurement): BoundCheck[] {
    const hostile = m.answers.filter(a => !a.legitimate);
    const slow = hostile.filter(a => a.status === 0 || a.ms > ATTACK_ANSWER_BOUND_MS);
    const badStatus = m.answers.filter(a => a.status === 0 || a.status >= 500);
    const before = p95(m.probesBefore);
    const during = p95(m.probesDuring);
    const success = successRate(m.probesDuring);
    const probeFailures = m.probesDuring.filter(p => !p.ok);
    const enoughProbes = m.probesBefore.length >= MIN_PROBES && m.probesDuring.length >= MIN_PROBES;
    const pm2 = m.after.processes.map(p => `${p.container.slice(-9)} pm2 ${p.pm2Restarts} docker ${p.containerRestarts}`);
    return [
        { bound: 'no server process restarts', ok: m.restarts === 0, detail: `${m.restarts} restarts (after: ${pm2.join(', ')})` },
        { bound: 'no "heap out of memory" in the server logs', ok: m.heapOutOfMemoryLines === 0, detail: `${m.heapOutOfMemoryLines} lines` },
        {
            // An attack of legitimate requests only (correct logins) has its own bound instead.
            bound: `every attack request answered within ${ATTACK_ANSWER_BOUND_MS} ms`,
            ok: m.answers.length > 0 && slow.length === 0,
            detail:
                m.answers.length === 0
                    ? 'no request was sent'
                    : hostile.length === 0
                      ? `no hostile requests (${m.answers.length} legitimate, slowest ${ms(Math.max(...m.answers.map(a => a.ms)))})`
                      : `${slow.length} of ${hostile.length} slower or unanswered; slowest ${ms(Math.max(...hostile.map(a => a.ms)))}` +
                        (slow.length ? `; the slow ones: ${slow.slice(0, 5).map(a => `${a.status} in ${ms(a.ms)}`).join(', ')}` : ''),
        },
        {
            bound: 'every request answered with a 2xx or a 4xx (never a 5xx or no answer)',
            ok: badStatus.length === 0,
            detail: `${badStatus.length} answered ${[...new Set(badStatus.map(a => a.status || `nothing (${a.outcome})`))].join(', ') || '-'}`,
        },
        {
            bound: `probe traffic at least ${MIN_PROBE_SUCCESS * 100}% successful during the attack`,
            ok: enoughProbes && success >= MIN_PROBE_SUCCESS,
            detail:
                `${m.probesDuring.length - probeFailures.length} of ${m.probesDuring.length} ok` +
                (enoughProbes ? '' : ` (too few probes to measure: at least ${MIN_PROBES} before and during)`) +
                (probeFailures.length ? `; e.g. ${probeFailures.slice(0, 2).map(p => p.error).join(' | ')}` : ''),
        },
        {
            bound: `probe p95 during the attack at most ${MAX_P95_FACTOR}× its p95 before`,
            ok: enoughProbes && during <= MAX_P95_FACTOR * before,
            detail:
                `${ms(before)} before (${m.probesBefore.length} probes, median ${ms(median(m.probesBefore))}), ` +
                `${ms(during)} during (${m.probesDuring.length} probes, median ${ms(median(m.probesDuring))})`,
        },
        {
            bound: `fewer than ${MAX_LIMITER_KEYS} limiter keys in Redis after the attack`,
            ok: m.limiterKeys < MAX_LIMITER_KEYS,
            detail: `${m.limiterKeys} keys`,
        },
    ];
}

/** The failed checks, one line each, for an assertion message. */
export const unmet = (checks: readonly BoundCheck[]) => checks.filter(c => !c.ok).map(c => `${c.bound}: ${c.detail}`);
