import { buildSchema, GraphQLError, parse, type OperationDefinitionNode } from 'graphql';

import type { loginRateLimit } from '../src/limits/login-rate-limit';

/** The Vendure mutations the limiter knows, in a schema small enough for a unit test. */
export const schema = buildSchema(`
    type Query { me: String }
    type Mutation {
        login(username: String!, password: String!): String
        authenticate(input: AuthInput!): String
        registerCustomerAccount(input: RegisterInput!): String
        updateActiveAdministrator(input: AdminInput!): String
        logout: Boolean
    }
    input AuthInput { native: NativeInput }
    input NativeInput { username: String! password: String! }
    input RegisterInput { emailAddress: String! password: String }
    input AdminInput { password: String }
`);

export type Outcome = 'ok' | 'wrong-password' | 'not-run';

export type Refusal = GraphQLError & { http: { status: number; headers: Map<string, string> } };

export const LOGIN = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) }`;

/**
 * Drives the plugin's hooks in the order Apollo Server 4 calls them, resolving every password
 * field with Vendure's shapes: a CurrentUser, or an ErrorResult with an errorCode. `check` stands
 * for the password check itself (bcrypt), so a test can count and time them. Returns the error
 * the request was refused with, if any.
 */
export async function send(
    plugin: ReturnType<typeof loginRateLimit>,
    query: string,
    variables: Record<string, unknown>,
    ip: string,
    outcome: Outcome,
    check: () => Promise<void> = async () => undefined,
): Promise<Refusal | undefined> {
    const document = parse(query);
    const operation = document.definitions.find(d => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    const listener = (await plugin.requestDidStart!({} as any))!;
    const http = { status: undefined as number | undefined, headers: new Map<string, string>() };
    const ctx = { operation, document, request: { variables }, response: { http }, contextValue: { req: { ip } } } as any;
    try {
        await listener.didResolveOperation!(ctx);
    } catch (error) {
        await listener.willSendResponse!(ctx);
        return Object.assign(error as GraphQLError, { http }) as Refusal;
    }
    const execution = await listener.executionDidStart!(ctx);
    const mutation = schema.getMutationType()!;
    if (outcome !== 'not-run') {
        for (const selection of operation.selectionSet.selections) {
            if (selection.kind !== 'Field') continue;
            const info = {
                parentType: mutation,
                schema,
                fieldName: selection.name.value,
                path: { key: selection.alias?.value ?? selection.name.value },
            };
            const done = execution?.willResolveField?.({ info } as any);
            await check();
            const result =
                outcome === 'ok'
                    ? { id: '1', identifier: 'x' }
                    : { __typename: 'InvalidCredentialsError', errorCode: 'INVALID_CREDENTIALS_ERROR' };
            if (typeof done === 'function') done(null, result);
        }
    }
    await listener.willSendResponse!(ctx);
    return undefined;
}
