import { errorCount, rateLimitedCount, type RunResult } from '../driver/run-result';

export interface StepVerdict {
    /** The step held: p95 within the SLO, no error, no iteration dropped, nothing rate-limited. */
    passed: boolean;
    /** What broke it, for the log and the report. */
    reasons: string[];
    /** A limit of the stack answered: the search stops there, the run fails. */
    rateLimited: boolean;
}

/** Whether one step of a capacity search held the service level objective. */
export function judgeStep(result: RunResult, sloP95Ms: number): StepVerdict {
    const reasons: string[] = [];
    const limited = rateLimitedCount(result);
    if (limited > 0) {
        reasons.push(`${limited} answer(s) rate-limited by the stack`);
    }
    const errors = errorCount(result);
    if (errors > 0) {
        reasons.push(`${errors} error(s): ${result.failed} failed, ${result.graphqlErrors} GraphQL errors, ${result.unmet} unmet expectations`);
    }
    if (result.droppedIterations > 0) {
        reasons.push(`${result.droppedIterations} iteration(s) dropped: every virtual user of a journey was busy`);
    }
    if (result.latencyMs.p95 > sloP95Ms) {
        reasons.push(`p95 ${result.latencyMs.p95} ms > ${sloP95Ms} ms`);
    }
    if (result.requests === 0) {
        reasons.push('no request was answered');
    }
    // A login that waited past LOGIN_MAX_WAIT_MS for its address's password slot, in a step that
    // broke anyway, is the overload showing (password checks slower than they arrive), not a limit
    // the run set off: the step broke, and the search goes on. In a step that held otherwise, it is
    // the limit.
    const loginQueue = result.rateLimited['login-concurrency'] ?? 0;
    const brokeAnyway = errors > 0 || result.droppedIterations > 0 || result.latencyMs.p95 > sloP95Ms;
    const overloadOnly = loginQueue === limited && brokeAnyway;
    return { passed: reasons.length === 0, reasons, rateLimited: limited > 0 && !overloadOnly };
}
