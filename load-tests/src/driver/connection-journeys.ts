import { header, judgeResponse } from '../graphql/judge-response';
import { chooseJourney } from '../scenario/mix';
import { pickForIteration, resolveVariables, type Picked, type Pools } from '../scenario/picks';
import type { Journey, LoadedScenario, Step } from '../scenario/types';
import type { Answer } from './collector';

export interface OutgoingRequest {
    method: 'POST';
    path: string;
    headers: Record<string, string>;
    body: string;
}

interface Current {
    name: string;
    journey: Journey;
    picked: Picked;
    stepIndex: number;
}

/**
 * One virtual user (one autocannon connection): walks journeys drawn from the mix, step by step,
 * and carries the session token from each answer to the next request, as a browser would.
 */
export class ConnectionJourneys {
    private current: Current | undefined;
    private token: string | undefined;
    /** Sessions of `vu` journeys, kept across iterations. */
    private readonly vuTokens = new Map<string, string>();
    private readonly onceDone = new Set<string>();

    constructor(
        private readonly loaded: LoadedScenario,
        private readonly pools: Pools,
        private readonly mix: Record<string, number>,
        private readonly random: () => number = Math.random,
    ) {}

    private startIteration(): Current {
        const name = chooseJourney(this.mix, this.random);
        const journey = this.loaded.scenario.journeys[name];
        this.token = journey.session === 'vu' ? this.vuTokens.get(name) : undefined;
        return { name, journey, picked: pickForIteration(journey, this.pools, this.random), stepIndex: 0 };
    }

    private step(current: Current): Step {
        return current.journey.steps[current.stepIndex];
    }

    /** The next step due, skipping `once` steps already done; starts a new iteration at the end. */
    private advance(): Current {
        let current = this.current;
        for (let guard = 0; guard < 1000; guard++) {
            if (!current || current.stepIndex >= current.journey.steps.length) {
                current = this.startIteration();
            }
            const step = this.step(current);
            if (!(step.once && this.onceDone.has(`${current.name}/${current.stepIndex}`))) {
                this.current = current;
                return current;
            }
            current.stepIndex++;
        }
        throw new Error('no step is due: every step of the mix is a finished "once" step');
    }

    nextRequest(): OutgoingRequest {
        const current = this.advance();
        const step = this.step(current);
        return {
            method: 'POST',
            path: `/${current.journey.api}-api`,
            headers: {
                // csrfPrevention on the server: a JSON content-type is what lets the POST through.
                'content-type': 'application/json',
                ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            },
            body: JSON.stringify({
                query: this.loaded.documents[step.document],
                variables: resolveVariables(step.variables ?? {}, current.picked),
            }),
        };
    }

    /** Judges the answer to the request nextRequest() built last, and moves on. */
    answered(status: number, body: string, headers: Record<string, string | string[] | undefined>): Answer {
        const current = this.current;
        if (!current) {
            throw new Error('an answer arrived before any request was built');
        }
        const step = this.step(current);
        const verdict = judgeResponse(status, body, resolveVariables(step.expect ?? {}, current.picked));
        const token = header(headers, 'vendure-auth-token');
        if (token) {
            this.token = token;
            if (current.journey.session === 'vu') {
                this.vuTokens.set(current.name, token);
            }
        }
        const ok = !verdict.failed && !verdict.graphqlErrors && verdict.unmet.length === 0;
        if (step.once && ok) {
            this.onceDone.add(`${current.name}/${current.stepIndex}`);
        }
        current.stepIndex++;
        return { key: `${current.name}/${step.name}`, verdict, instance: header(headers, 'x-vendure-instance') };
    }
}
