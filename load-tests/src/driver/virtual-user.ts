import { header, judgeResponse } from '../graphql/judge-response';
import { pickForIteration, pickForSession, resolveVariables, type Picked, type Pools } from '../scenario/picks';
import type { Journey, LoadedScenario } from '../scenario/types';
import type { Collector } from './collector';
import type { HttpClient } from './http-client';

export interface IterationContext {
    http: HttpClient;
    collector: Collector;
    timeoutMs: number;
    /** True once the run gave up waiting for this iteration: its remaining steps are not sent. */
    abandoned: () => boolean;
}

/**
 * One virtual user of one journey, as a k6 VU of that journey's scenario: it runs one iteration
 * at a time and carries the session token of each answer to the next request (as Authorization:
 * Bearer), so that a lost session fails the check that needs it. A `vu` session outlives the
 * iteration, for `sessionIterations` iterations or for good; its `once` steps (a login) run again
 * only in a new session.
 */
export class VirtualUser {
    private readonly journey: Journey;
    private readonly sessionPicked: Picked;
    private token: string | undefined;
    private sessionAge = 0;
    private readonly onceDone = new Set<number>();

    constructor(
        private readonly loaded: LoadedScenario,
        private readonly pools: Pools,
        readonly journeyName: string,
        /** 0-based within the journey: picks the session's identity (see pickForSession). */
        readonly number: number,
        private readonly random: () => number = Math.random,
    ) {
        this.journey = loaded.scenario.journeys[journeyName];
        this.sessionPicked = pickForSession(this.journey, pools, number);
    }

    private startSession(): void {
        this.token = undefined;
        this.sessionAge = 0;
        this.onceDone.clear();
    }

    async iterate(context: IterationContext): Promise<void> {
        const { journey } = this;
        const sessionOver = journey.session === 'iteration' || (journey.sessionIterations !== undefined && this.sessionAge >= journey.sessionIterations);
        if (sessionOver) {
            this.startSession();
        }
        this.sessionAge++;
        const picked = { ...this.sessionPicked, ...pickForIteration(journey, this.pools, this.random) };
        const path = `/${journey.api}-api`;
        for (const [index, step] of journey.steps.entries()) {
            if ((step.once && this.onceDone.has(index)) || context.abandoned()) {
                continue;
            }
            const key = `${this.journeyName}/${step.name}`;
            const body = JSON.stringify({ query: this.loaded.documents[step.document], variables: resolveVariables(step.variables ?? {}, picked) });
            const headers: Record<string, string> = {
                // csrfPrevention on the server: a JSON content-type is what lets the POST through.
                'content-type': 'application/json',
                ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            };
            const sent = performance.now();
            let answer;
            try {
                answer = await context.http.post(path, headers, body, context.timeoutMs);
            } catch (error) {
                context.collector.unanswered(key, performance.now() - sent, `no answer: ${(error as Error).message}`, step.once);
                return;
            }
            const latencyMs = performance.now() - sent;
            const verdict = judgeResponse(path, answer.status, answer.body, resolveVariables(step.expect ?? {}, picked));
            context.collector.answered(key, latencyMs, verdict, header(answer.headers, 'x-vendure-instance'), step.once);
            const token = header(answer.headers, 'vendure-auth-token');
            if (token) {
                this.token = token;
            }
            const ok = !verdict.failed && !verdict.graphqlErrors && verdict.unmet.length === 0 && !verdict.rateLimited;
            if (step.once && ok) {
                this.onceDone.add(index);
            }
            // A user whose sign-in failed, or whom a limit turned away, does not go on: what
            // followed would fail for that reason and be counted as errors of the servers.
            if (verdict.rateLimited || (step.once && !ok)) {
                return;
            }
        }
    }
}
