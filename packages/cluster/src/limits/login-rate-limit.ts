import { createHash } from 'node:crypto';

import { Logger, type ApiOptions } from '@vendure/core';
import {
    GraphQLError,
    Kind,
    valueFromASTUntyped,
    type DocumentNode,
    type FieldNode,
    type FragmentDefinitionNode,
    type OperationDefinitionNode,
    type SelectionSetNode,
} from 'graphql';

type ApolloPlugin = NonNullable<ApiOptions['apolloServerPlugins']>[number];

const CONTEXT = 'LoginRateLimit';

/** The mutations that check a password, on the Shop API and the Admin API alike. */
const LOGIN_FIELDS = new Set(['login', 'authenticate']);

export interface CountedKey {
    count: number;
    /** Until the window of this key ends. */
    ttlMs: number;
}

/**
 * Failure counts shared by every instance (Redis in production). A key's window starts with its
 * first count and is not extended by later ones, so a lock-out always ends.
 */
export interface FailureCounter {
    add(entries: ReadonlyArray<readonly [key: string, n: number]>, windowMs: number): Promise<CountedKey[]>;
    remove(entries: ReadonlyArray<readonly [key: string, n: number]>): Promise<void>;
}

export interface LoginRateLimitOptions {
    /** Failed logins one IP may make for one identifier per window. */
    maxFailures: number;
    /** Failed logins one IP may make for all identifiers together per window (password spraying). */
    maxFailuresPerIp: number;
    windowSeconds: number;
    /** Called once per API server start; the plugin closes it when that server stops. */
    connect: () => FailureCounter & { close(): Promise<void> };
}

interface LoginField {
    /** Alias or name: how the field appears in the result and in `info.path`. */
    responseKey: string;
    identifier: string;
}

/** The identifier a login field names: `username` of login, `input.native.username` of authenticate. */
function identifierOf(field: FieldNode, variables: Record<string, unknown>): string {
    const args = Object.fromEntries(
        (field.arguments ?? []).map(arg => [arg.name.value, valueFromASTUntyped(arg.value, variables)]),
    );
    const fromNative = (args.input as { native?: { username?: unknown } } | undefined)?.native?.username;
    const value = field.name.value === 'login' ? args.username : fromNative;
    return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * Every login field at the top of a mutation, aliases and fragments included: `a: login(…)
 * b: login(…)` in one request is two attempts, not one.
 */
function loginFields(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
            fragments.set(definition.name.value, definition);
        }
    }
    const found: LoginField[] = [];
    const visit = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>) => {
        for (const selection of selectionSet.selections) {
            if (selection.kind === Kind.FIELD) {
                if (LOGIN_FIELDS.has(selection.name.value)) {
                    found.push({
                        responseKey: selection.alias?.value ?? selection.name.value,
                        identifier: identifierOf(selection, variables),
                    });
                }
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
                visit(selection.selectionSet, seen);
            } else {
                const fragment = fragments.get(selection.name.value);
                if (fragment && !seen.has(selection.name.value)) {
                    visit(fragment.selectionSet, new Set([...seen, selection.name.value]));
                }
            }
        }
    };
    visit(operation.selectionSet, new Set());
    return found;
}

// The identifier is hashed: Redis has no business holding a list of e-mail addresses.
const identifierKey = (ip: string, identifier: string) =>
    `id:${ip}:${createHash('sha256').update(identifier).digest('hex').slice(0, 32)}`;
const ipKey = (ip: string) => `ip:${ip}`;

/**
 * Limits failed logins per client IP and identifier across the whole cluster. nginx cannot do it:
 * the mutation's name and username are in the POST body, which nginx reads only after its
 * `limit_req` phase. Every attempt is counted before it runs (so a burst of concurrent attempts
 * cannot all slip in under the limit) and given back when it succeeds; over the limit, the request
 * is answered 429 with Retry-After and the password is never checked.
 *
 * If Redis cannot be reached, logins go on unlimited (with a warning): sessions live in Redis too,
 * and a Redis outage must not also lock every administrator out.
 */
export function loginRateLimit(options: LoginRateLimitOptions): ApolloPlugin {
    const windowMs = options.windowSeconds * 1000;
    let counter: (FailureCounter & { close(): Promise<void> }) | undefined;
    let servers = 0;

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
            let attempts: Array<LoginField & { key: string }> = [];
            let ip = '';
            const succeeded: string[] = [];

            return {
                async didResolveOperation(requestContext) {
                    const { operation, document, request, contextValue } = requestContext;
                    if (operation?.operation !== 'mutation' || !counter) {
                        return;
                    }
                    ip = (contextValue as { req?: { ip?: string } }).req?.ip ?? 'unknown';
                    attempts = loginFields(document, operation, request.variables ?? {}).map(field => ({
                        ...field,
                        key: identifierKey(ip, field.identifier),
                    }));
                    if (!attempts.length) {
                        return;
                    }
                    const perKey = new Map<string, number>([[ipKey(ip), attempts.length]]);
                    for (const { key } of attempts) {
                        perKey.set(key, (perKey.get(key) ?? 0) + 1);
                    }
                    const entries = [...perKey];
                    let counts: CountedKey[];
                    try {
                        counts = await counter.add(entries, windowMs);
                    } catch (error) {
                        Logger.warn(`login attempts not limited, counter unavailable: ${(error as Error).message}`, CONTEXT);
                        attempts = [];
                        return;
                    }
                    const over = counts.filter((counted, i) => {
                        const limit = i === 0 ? options.maxFailuresPerIp : options.maxFailures;
                        return counted.count > limit;
                    });
                    if (over.length) {
                        // A refused attempt stays counted: hammering a locked account keeps it locked
                        // no longer than the window that is already running.
                        attempts = [];
                        const retryAfter = Math.max(1, Math.ceil(Math.max(...over.map(c => c.ttlMs)) / 1000));
                        // Set on the response rather than in the error's extensions, which Vendure's
                        // error formatting would echo into the body.
                        requestContext.response.http.status = 429;
                        requestContext.response.http.headers.set('retry-after', String(retryAfter));
                        throw new GraphQLError(`Too many failed login attempts; try again in ${retryAfter} seconds`, {
                            extensions: { code: 'TOO_MANY_REQUESTS' },
                        });
                    }
                },

                async executionDidStart() {
                    if (!attempts.length) {
                        return;
                    }
                    return {
                        willResolveField({ info }) {
                            if (info.parentType.name !== info.schema.getMutationType()?.name || !LOGIN_FIELDS.has(info.fieldName)) {
                                return;
                            }
                            const attempt = attempts.find(a => a.responseKey === info.path.key);
                            // Vendure answers a wrong password with an ErrorResult (errorCode), a
                            // right one with the CurrentUser.
                            return (error, result) => {
                                const failed = error || !result || typeof result !== 'object' || 'errorCode' in result;
                                if (attempt && !failed) {
                                    succeeded.push(attempt.key);
                                }
                            };
                        },
                    };
                },

                async willSendResponse() {
                    if (!succeeded.length || !counter) {
                        return;
                    }
                    const perKey = new Map<string, number>([[ipKey(ip), succeeded.length]]);
                    for (const key of succeeded) {
                        perKey.set(key, (perKey.get(key) ?? 0) + 1);
                    }
                    try {
                        await counter.remove([...perKey]);
                    } catch (error) {
                        Logger.warn(`could not give back a successful login attempt: ${(error as Error).message}`, CONTEXT);
                    }
                },
            };
        },
    };
}
