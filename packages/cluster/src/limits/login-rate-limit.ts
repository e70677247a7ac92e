import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Logger, type ApiOptions } from '@vendure/core';
import { GraphQLError } from 'graphql';

import { clientAddress } from './client-address';
import type { AcquireAnswer, AcquireRequest, LoginCounter, SlotKey } from './login-counter';
import { findPasswordFields, PASSWORD_MUTATIONS, type PasswordField } from './login-fields';

type ApolloPlugin = NonNullable<ApiOptions['apolloServerPlugins']>[number];
/** The response head of a request, as Apollo Server lets a plugin change it. */
type HttpHead = { status?: number; headers: Map<string, string> };

const CONTEXT = 'LoginRateLimit';

/** Password fields one operation may carry: more would let aliases multiply bcrypt's work. */
export const MAX_PASSWORD_FIELDS_PER_OPERATION = 1;

export interface LoginRateLimitOptions {
    /** Failed logins per client address and identifier per window; also their concurrency. */
    maxFailures: number;
    /**
     * Failed logins per client address over all identifiers per window (password spraying). It
     * also bounds the limiter's keys per address: each identifier key needs a failure or a slot
     * counted on the address, and an identifier's window can outlast the address's by at most
     * one window, so at most 2 × this identifier keys, plus the address's two own keys.
     */
    maxFailuresPerIp: number;
    windowSeconds: number;
    /** Calls per client address and window of the account mutations (register, reset, …). Default 30. */
    maxPasswordMutationsPerIp?: number;
    /**
     * Password checks and hashes one client address may run at once, across the cluster. Each is
     * about 0.2 s of a core (bcrypt, 12 rounds), so this bounds the CPU one address can take.
     * Logins wait for a slot; account mutations are refused at once. Default 1.
     */
    maxInFlightPerIp?: number;
    /** How long a request may wait for a free slot before it is answered 429. Default 10 s. */
    maxWaitMs?: number;
    /** A slot not given back within this time frees itself (a server died holding it). Default 30 s. */
    holdMs?: number;
    /** Called once per API server start; the plugin closes it when that server stops. */
    connect: () => LoginCounter;
}

type Settings = Required<Omit<LoginRateLimitOptions, 'connect'>>;

/** What one request holds while its password field runs. */
interface Slot {
    field: PasswordField;
    keys: string[];
    token: string;
}

// The identifier is hashed: Redis has no business holding a list of e-mail addresses.
const hashed = (identifier: string) => createHash('sha256').update(identifier).digest('hex').slice(0, 32);

/**
 * The keys of one password field. The braces are a Redis Cluster hash tag: the keys of one
 * request share a slot, as a multi-key script requires there.
 */
function slotKeys(field: PasswordField, address: string, options: Settings) {
    if (field.kind === 'login') {
        const keys: SlotKey[] = [
            // The address first: over its limit, the identifier's key is never written.
            { key: `ip:{${address}}`, limit: options.maxFailuresPerIp, maxInFlight: options.maxInFlightPerIp },
            {
                key: `id:{${address}}:${hashed(field.identifier)}`,
                limit: options.maxFailures,
                maxInFlight: options.maxFailures,
                noWaitAfterFailure: true,
            },
        ];
        return { keys, countNow: false };
    }
    const key = `pw:{${address}}`;
    const limit = field.kind === 'account' ? options.maxPasswordMutationsPerIp : 0;
    return { keys: [{ key, limit, maxInFlight: options.maxInFlightPerIp }], countNow: field.kind === 'account' };
}

function tooMany(http: HttpHead, message: string, retryAfterSeconds: number): GraphQLError {
    // Set on the response rather than in the error's extensions, which Vendure's error formatting
    // would echo into the body.
    http.status = 429;
    http.headers.set('retry-after', String(retryAfterSeconds));
    return new GraphQLError(`${message}; try again in ${retryAfterSeconds} seconds`, {
        extensions: { code: 'TOO_MANY_REQUESTS' },
    });
}

/** Asks until a slot is free, backing off from 25 ms to 250 ms, for at most `maxWaitMs`. */
async function acquireWaiting(counter: LoginCounter, request: AcquireRequest, maxWaitMs: number): Promise<AcquireAnswer> {
    const deadline = Date.now() + maxWaitMs;
    for (let round = 0; round < 10_000; round++) {
        const answer = await counter.acquire({ ...request, waited: round > 0 });
        if (answer.outcome !== 'busy') {
            return answer;
        }
        // Jitter: the requests that wait for one identifier must not all ask again together.
        const pause = Math.min(25 * 2 ** round, 250) * (0.5 + Math.random() / 2);
        if (Date.now() + pause > deadline) {
            return answer;
        }
        await sleep(pause);
    }
    return { outcome: 'busy' };
}

/**
 * Limits password checks and hashes (bcrypt) per client address across the whole cluster. nginx
 * cannot: the mutation's name and username are in the POST body, which nginx reads only after its
 * `limit_req` phase.
 *
 * - An operation may carry one password field (login, authenticate, registerCustomerAccount, …;
 *   see login-fields.ts); more is answered 400 before anything is counted.
 * - A login takes a slot on its address and on its (address, identifier) before it runs, and
 *   counts on both only if it fails. An identifier's slots are `maxFailures` minus its failures,
 *   so concurrent correct logins queue through them and all pass. Logins that find every slot
 *   taken wait (at most `maxWaitMs`), until their identifier fails: then every waiting one is
 *   answered 429, so a burst of wrong passwords ends after its first check instead of queueing
 *   through `maxFailures` of them. A key at its limit is answered 429 with
 *   Retry-After until its window ends.
 * - The account mutations count every call per address (`maxPasswordMutationsPerIp`) and never
 *   wait. Every password check or hash is bounded to `maxInFlightPerIp` at once per address.
 *
 * If Redis cannot be reached, requests go on unlimited (with a warning): sessions live in Redis
 * too, and a Redis outage must not also lock every administrator out.
 */
export function loginRateLimit(options: LoginRateLimitOptions): ApolloPlugin {
    const settings: Settings = {
        maxFailures: options.maxFailures,
        maxFailuresPerIp: options.maxFailuresPerIp,
        windowSeconds: options.windowSeconds,
        maxPasswordMutationsPerIp: options.maxPasswordMutationsPerIp ?? 30,
        maxInFlightPerIp: options.maxInFlightPerIp ?? 1,
        maxWaitMs: options.maxWaitMs ?? 10_000,
        holdMs: options.holdMs ?? 30_000,
    };
    const windowMs = settings.windowSeconds * 1000;
    let counter: LoginCounter | undefined;
    let servers = 0;
    let lastWarning = 0;
    let unwarned = 0;

    // One line a minute at most: during a Redis outage every login would log one.
    const warn = (message: string) => {
        const now = Date.now();
        if (now - lastWarning < 60_000) {
            unwarned++;
            return;
        }
        const more = unwarned ? ` (and ${unwarned} more since the last warning)` : '';
        lastWarning = now;
        unwarned = 0;
        Logger.warn(`${message}${more}`, CONTEXT);
    };

    const release = async (slot: Slot, failed: boolean) => {
        try {
            await counter?.release({ keys: slot.keys, token: slot.token, count: failed, windowMs });
        } catch (error) {
            warn(`could not give back a login slot (it frees itself): ${(error as Error).message}`);
        }
    };

    return {
        async serverWillStart() {
            servers++;
            counter ??= options.connect();
            return {
                async serverWillStop() {
                    // One plugin serves both APIs: close the connection when the last one stops.
                    if (--servers === 0 && counter) {
                        const closing = counter;
                        counter = undefined;
                        await closing.close();
                    }
                },
            };
        },

        async requestDidStart() {
            let slot: Slot | undefined;
            let finished = false;
            let failed = false;

            return {
                async didResolveOperation(requestContext) {
                    const { operation, document, request, contextValue } = requestContext;
                    if (operation?.operation !== 'mutation') {
                        return;
                    }
                    const found = findPasswordFields(document, operation, request.variables ?? {});
                    if (!found.first) {
                        return;
                    }
                    if (found.count > MAX_PASSWORD_FIELDS_PER_OPERATION) {
                        requestContext.response.http.status = 400;
                        throw new GraphQLError(
                            `An operation may carry at most ${MAX_PASSWORD_FIELDS_PER_OPERATION} of ${PASSWORD_MUTATIONS.join(', ')}; ` +
                                `this one carries ${found.count > 1e6 ? 'more than a million' : found.count}`,
                            { extensions: { code: 'BAD_REQUEST' } },
                        );
                    }
                    if (!counter) {
                        return;
                    }
                    const field = found.first;
                    const address = clientAddress((contextValue as { req?: { ip?: string } }).req?.ip);
                    const { keys, countNow } = slotKeys(field, address, settings);
                    const token = randomUUID();
                    let answer: AcquireAnswer;
                    try {
                        // Only logins queue: a registration or reset that finds the address's
                        // slots taken is cheap to retry, and a bulk of them must not pile up waiting.
                        answer = await acquireWaiting(
                            counter,
                            { keys, token, countNow, windowMs, holdMs: settings.holdMs },
                            field.kind === 'login' ? settings.maxWaitMs : 0,
                        );
                    } catch (error) {
                        warn(`password mutations not limited, counter unavailable: ${(error as Error).message}`);
                        return;
                    }
                    if (answer.outcome === 'refused') {
                        const retryAfter = Math.max(1, Math.ceil(answer.retryAfterMs / 1000));
                        throw tooMany(
                            requestContext.response.http,
                            field.kind === 'login' ? 'Too many failed login attempts' : 'Too many password and account requests',
                            retryAfter,
                        );
                    }
                    if (answer.outcome === 'contended') {
                        throw tooMany(requestContext.response.http, 'Another attempt for this account, after a failed one, is being checked', 1);
                    }
                    if (answer.outcome === 'busy') {
                        throw tooMany(requestContext.response.http, 'Too many concurrent password requests', 1);
                    }
                    slot = { field, keys: keys.map(k => k.key), token };
                    if (finished) {
                        // Another plugin failed the request while this one waited: nothing will run.
                        const taken = slot;
                        slot = undefined;
                        await release(taken, false);
                    }
                },

                async executionDidStart() {
                    if (slot?.field.kind !== 'login') {
                        return;
                    }
                    const { responseKey } = slot.field;
                    return {
                        willResolveField({ info }) {
                            if (info.parentType.name !== info.schema.getMutationType()?.name || info.path.key !== responseKey) {
                                return;
                            }
                            // Vendure answers a wrong password with an ErrorResult (errorCode), a
                            // right one with the CurrentUser.
                            return (error, result) => {
                                failed = Boolean(error) || !result || typeof result !== 'object' || 'errorCode' in result;
                            };
                        },
                    };
                },

                async willSendResponse() {
                    finished = true;
                    if (slot) {
                        const held = slot;
                        slot = undefined;
                        // A login that never ran (a variable's type was wrong, say) checked no password.
                        await release(held, held.field.kind === 'login' && failed);
                    }
                },
            };
        },
    };
}
