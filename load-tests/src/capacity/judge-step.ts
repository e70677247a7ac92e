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
    // What broke the step besides the stack's limits.
    const broke: string[] = [];
    const errors = errorCount(result);
    if (errors > 0) {
        broke.push(`${errors} error(s): ${result.failed} failed, ${result.graphqlErrors} GraphQL errors, ${result.unmet} unmet expectations`);
    }
    if (result.droppedIterations > 0) {
        broke.push(`${result.droppedIterations} iteration(s) dropped: every virtual user of a journey was busy`);
    }
    if (result.latencyMs.p95 > sloP95Ms) {
        broke.push(`p95 ${result.latencyMs.p95} ms > ${sloP95Ms} ms`);
    }
    if (result.requests === 0) {
        broke.push('no request was answered');
    }
    const limited = rateLimitedCount(result);
    const reasons = limited > 0 ? [`${limited} answer(s) rate-limited by the stack`, ...broke] : broke;
    // A login that waited past LOGIN_MAX_WAIT_MS for its address's password slot, in a step that
    // broke anyway, is the overload showing (password checks slower than they arrive), not a limit
    // the run set off: the step broke, and the search goes on. In a step that held otherwise, it is
    // the limit.
    const overloadOnly = (result.rateLimited['login-concurrency'] ?? 0) === limited && broke.length > 0;
    return { passed: reasons.length === 0, reasons, rateLimited: limited > 0 && !overloadOnly };
}
