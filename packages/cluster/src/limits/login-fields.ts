import {
    Kind,
    valueFromASTUntyped,
    type DocumentNode,
    type FieldNode,
    type OperationDefinitionNode,
    type SelectionSetNode,
} from 'graphql';

/**
 * How a password field is limited:
 * - login: a password check by someone not logged in yet; its failures are counted.
 * - account: an anonymous or customer mutation that hashes or checks a password, or sends an
 *   e-mail; every call is counted.
 * - admin: an Administrator setting a password; only its concurrency is bounded (a bulk import by
 *   script must not run into a count per window).
 */
export type PasswordFieldKind = 'login' | 'account' | 'admin';

export interface PasswordField {
    kind: PasswordFieldKind;
    /** The mutation's name: login, registerCustomerAccount, … */
    name: string;
    /** Alias or name: how the field appears in the result and in `info.path.key`. */
    responseKey: string;
    /** For a login: the identifier it names, trimmed and lower-cased ('' when it names none). */
    identifier: string;
}

export interface PasswordFields {
    /** Occurrences at the top of the operation: a fragment spread twice counts twice. */
    count: number;
    first?: PasswordField;
}

type Args = Record<string, unknown>;
type Rule = (args: Args) => PasswordFieldKind | undefined;

const given = (value: unknown) => value !== undefined && value !== null;
const record = (value: unknown): Args => (value && typeof value === 'object' ? (value as Args) : {});

/**
 * The mutations of Vendure 3.7.3's Shop and Admin APIs that run bcrypt (~100 ms of CPU each) or
 * send an e-mail, checked against node_modules/@vendure/core/dist/api/schema. A request may carry
 * only one of them, so aliases cannot multiply the work of one request.
 */
const RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
    // Both APIs: check a password (or, for an unknown identifier, a dummy hash: same cost).
    ['login', () => 'login'],
    ['authenticate', () => 'login'],
    // Shop API: hash a password (registerCustomerAccount even for an existing account, on purpose),
    // check the current one, or send an e-mail.
    ['registerCustomerAccount', () => 'account'],
    ['verifyCustomerAccount', () => 'account'],
    ['resetPassword', () => 'account'],
    ['updateCustomerPassword', () => 'account'],
    ['requestUpdateCustomerEmailAddress', () => 'account'],
    ['requestPasswordReset', () => 'account'],
    ['refreshCustomerVerification', () => 'account'],
    // Admin API: hash a password when one is given.
    ['createAdministrator', () => 'admin'],
    ['updateAdministrator', args => (given(record(args.input).password) ? 'admin' : undefined)],
    ['updateActiveAdministrator', args => (given(record(args.input).password) ? 'admin' : undefined)],
    ['createCustomer', args => (given(args.password) ? 'admin' : undefined)],
]);

/** The names of every field `findPasswordFields` looks for. */
export const PASSWORD_MUTATIONS: readonly string[] = [...RULES.keys()];

/** `username` of login; `input.native.username` of authenticate, or the other strategy's name. */
function identifierOf(name: string, args: Args): string {
    let value: unknown;
    if (name === 'login') {
        value = args.username;
    } else {
        const input = record(args.input);
        value = 'native' in input ? record(input.native).username : `strategy:${Object.keys(input).sort().join(',')}`;
    }
    return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * The variables as the resolvers will see them: Apollo coerces them (defaults included) only
 * during execution, after the limiter has run, so a `$password: String = "x"` left out of the
 * request must still count as a password given.
 */
function withDefaults(operation: OperationDefinitionNode, variables: Args): Args {
    const merged: Args = { ...variables };
    for (const definition of operation.variableDefinitions ?? []) {
        const name = definition.variable.name.value;
        if (merged[name] === undefined && definition.defaultValue) {
            merged[name] = valueFromASTUntyped(definition.defaultValue);
        }
    }
    return merged;
}

function passwordField(field: FieldNode, variables: Args): PasswordField | undefined {
    const rule = RULES.get(field.name.value);
    if (!rule) {
        return undefined;
    }
    const args: Args = Object.fromEntries(
        (field.arguments ?? []).map(arg => [arg.name.value, valueFromASTUntyped(arg.value, variables)]),
    );
    const kind = rule(args);
    return kind
        ? {
              kind,
              name: field.name.value,
              responseKey: field.alias?.value ?? field.name.value,
              identifier: kind === 'login' ? identifierOf(field.name.value, args) : '',
          }
        : undefined;
}

/**
 * Every password field at the top of a mutation, aliases and fragments included. Each fragment is
 * walked once and its result remembered, so a document whose fragments each spread the next one
 * twice costs time linear in its size, not exponential (the count itself may then be huge, which
 * only means the operation is refused).
 */
export function findPasswordFields(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Args = {},
): PasswordFields {
    const values = withDefaults(operation, variables);
    const fragments = new Map<string, SelectionSetNode>();
    for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
            fragments.set(definition.name.value, definition.selectionSet);
        }
    }
    const memo = new Map<string, PasswordFields>();
    const none: PasswordFields = { count: 0 };

    const inFragment = (name: string): PasswordFields => {
        const known = memo.get(name);
        if (known) {
            return known;
        }
        const selectionSet = fragments.get(name);
        // Graphql-js validation refuses cycles before the limiter runs; marking the fragment
        // first keeps this walk finite even without it.
        memo.set(name, none);
        const found = selectionSet ? visit(selectionSet) : none;
        memo.set(name, found);
        return found;
    };

    const visit = (selectionSet: SelectionSetNode): PasswordFields => {
        let count = 0;
        let first: PasswordField | undefined;
        for (const selection of selectionSet.selections) {
            let found: PasswordFields;
            if (selection.kind === Kind.FIELD) {
                const field = passwordField(selection, values);
                found = field ? { count: 1, first: field } : none;
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
                found = visit(selection.selectionSet);
            } else {
                found = inFragment(selection.name.value);
            }
            count += found.count;
            first ??= found.first;
        }
        return { count, first };
    };

    return visit(operation.selectionSet);
}
