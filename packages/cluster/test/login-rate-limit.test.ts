import { buildSchema, GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';

import { loginRateLimit, type CountedKey, type FailureCounter } from '../src/login-rate-limit';

const schema = buildSchema(`
    type Query { me: String }
    type Mutation { login(username: String!, password: String!): String authenticate(input: AuthInput!): String logout: Boolean }
    input AuthInput { native: NativeInput }
    input NativeInput { username: String! password: String! }
`);

/** What Redis does for the limiter, in one process: the same counts whichever "instance" asks. */
class MemoryCounter implements FailureCounter {
    readonly counts = new Map<string, number>();
    closed = false;
    async add(entries: ReadonlyArray<readonly [string, number]>): Promise<CountedKey[]> {
        return entries.map(([key, n]) => {
            this.counts.set(key, (this.counts.get(key) ?? 0) + n);
            return { count: this.counts.get(key)!, ttlMs: 42_500 };
        });
    }
    async remove(entries: ReadonlyArray<readonly [string, number]>): Promise<void> {
        for (const [key, n] of entries) this.counts.set(key, (this.counts.get(key) ?? 0) - n);
    }
    async close() {
        this.closed = true;
    }
}

type Outcome = 'ok' | 'wrong-password';

/**
 * Drives the plugin's hooks in the order Apollo Server calls them, resolving every login field
 * with Vendure's shapes: a CurrentUser, or an ErrorResult with an errorCode.
 */
async function attempt(plugin: ReturnType<typeof loginRateLimit>, query: string, variables: Record<string, unknown>, ip: string, outcome: Outcome) {
    const document = parse(query);
    const operation = document.definitions.find(d => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    const listener = await plugin.requestDidStart!({} as any);
    const http = { status: undefined as number | undefined, headers: new Map<string, string>() };
    const ctx = { operation, document, request: { variables }, response: { http }, contextValue: { req: { ip } } } as any;
    try {
        await listener!.didResolveOperation!(ctx);
    } catch (error) {
        return Object.assign(error as GraphQLError, { http });
    }
    const execution = await listener!.executionDidStart!(ctx);
    const mutation = schema.getMutationType()!;
    for (const selection of operation.selectionSet.selections) {
        if (selection.kind !== 'Field') continue;
        const info = { parentType: mutation, schema, fieldName: selection.name.value, path: { key: selection.alias?.value ?? selection.name.value } };
        const done = execution?.willResolveField?.({ info } as any);
        const result = outcome === 'ok' ? { id: '1', identifier: 'x' } : { __typename: 'InvalidCredentialsError', errorCode: 'INVALID_CREDENTIALS_ERROR' };
        if (typeof done === 'function') done(null, result);
    }
    await listener!.willSendResponse!(ctx);
    return undefined;
}

const LOGIN = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) }`;

async function started(options: { maxFailures?: number; maxFailuresPerIp?: number } = {}) {
    const counter = new MemoryCounter();
    const plugin = loginRateLimit({ maxFailures: 3, maxFailuresPerIp: 100, windowSeconds: 60, connect: () => counter, ...options });
    const hooks = await plugin.serverWillStart!({} as any);
    return { plugin, counter, hooks };
}

describe('loginRateLimit', () => {
    it('refuses the attempt after the limit of failures for one IP and identifier, with 429 and Retry-After', async () => {
        const { plugin } = await started();
        for (let i = 0; i < 3; i++) {
            expect(await attempt(plugin, LOGIN, { u: 'Ann@example.com', p: 'bad' }, '10.0.0.1', 'wrong-password')).toBeUndefined();
        }
        const refused = await attempt(plugin, LOGIN, { u: 'ann@example.com ', p: 'right' }, '10.0.0.1', 'ok');
        expect(refused?.message).toBe('Too many failed login attempts; try again in 43 seconds');
        expect(refused?.extensions.code).toBe('TOO_MANY_REQUESTS');
        const { http } = refused as GraphQLError & { http: { status: number; headers: Map<string, string> } };
        expect(http.status).toBe(429);
        expect(http.headers.get('retry-after')).toBe('43');
        // Another identifier from that IP, and the same identifier from another IP, still get in.
        expect(await attempt(plugin, LOGIN, { u: 'bob@example.com', p: 'x' }, '10.0.0.1', 'ok')).toBeUndefined();
        expect(await attempt(plugin, LOGIN, { u: 'ann@example.com', p: 'x' }, '10.0.0.2', 'ok')).toBeUndefined();
    });

    it('gives back attempts that succeed, so a user who logs in often is never locked out', async () => {
        const { plugin } = await started();
        for (let i = 0; i < 20; i++) {
            expect(await attempt(plugin, LOGIN, { u: 'ann', p: 'right' }, '10.0.0.1', 'ok')).toBeUndefined();
        }
    });

    it('counts each aliased login in one request, and authenticate with literal arguments', async () => {
        const { plugin, counter } = await started();
        const batch = `mutation { a: login(username: "ann", password: "1") b: login(username: "ann", password: "2") c: login(username: "ann", password: "3") d: login(username: "ann", password: "4") }`;
        expect((await attempt(plugin, batch, {}, '10.0.0.3', 'wrong-password'))?.extensions.code).toBe('TOO_MANY_REQUESTS');
        const auth = `mutation { authenticate(input: { native: { username: "ANN", password: "x" } }) }`;
        expect((await attempt(plugin, auth, {}, '10.0.0.3', 'wrong-password'))?.extensions.code).toBe('TOO_MANY_REQUESTS');
        // Keys hold a hash of the identifier, never the identifier itself.
        expect([...counter.counts.keys()].some(key => key.includes('ann'))).toBe(false);
    });

    it('also limits one IP over many identifiers (password spraying)', async () => {
        const { plugin } = await started({ maxFailures: 100, maxFailuresPerIp: 5 });
        for (let i = 0; i < 5; i++) {
            expect(await attempt(plugin, LOGIN, { u: `user${i}`, p: 'x' }, '10.0.0.4', 'wrong-password')).toBeUndefined();
        }
        expect((await attempt(plugin, LOGIN, { u: 'user99', p: 'x' }, '10.0.0.4', 'wrong-password'))?.extensions.code).toBe(
            'TOO_MANY_REQUESTS',
        );
    });

    it('leaves queries and other mutations alone', async () => {
        const { plugin, counter } = await started();
        expect(await attempt(plugin, `{ me }`, {}, '10.0.0.5', 'ok')).toBeUndefined();
        expect(await attempt(plugin, `mutation { logout }`, {}, '10.0.0.5', 'ok')).toBeUndefined();
        expect(counter.counts.size).toBe(0);
    });

    it('lets logins through when the counter fails, and closes it after the last API stops', async () => {
        const counter = new MemoryCounter();
        counter.add = async () => {
            throw new Error('Stream is not writeable');
        };
        const plugin = loginRateLimit({ maxFailures: 1, maxFailuresPerIp: 1, windowSeconds: 60, connect: () => counter });
        const shop = await plugin.serverWillStart!({} as any);
        const admin = await plugin.serverWillStart!({} as any);
        for (let i = 0; i < 3; i++) {
            expect(await attempt(plugin, LOGIN, { u: 'ann', p: 'x' }, '10.0.0.6', 'wrong-password')).toBeUndefined();
        }
        await shop!.serverWillStop!();
        expect(counter.closed).toBe(false);
        await admin!.serverWillStop!();
        expect(counter.closed).toBe(true);
    });
});
