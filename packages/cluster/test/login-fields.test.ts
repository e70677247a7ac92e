import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';

import { findPasswordFields } from '../src/limits/login-fields';

function find(query: string, variables: Record<string, unknown> = {}) {
    const document = parse(query);
    const operation = document.definitions.find(d => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    return findPasswordFields(document, operation, variables);
}

describe('findPasswordFields', () => {
    it('finds login with its identifier, from literals or variables, trimmed and lower-cased', () => {
        expect(find(`mutation { login(username: " Ann@Example.com ", password: "x") { __typename } }`)).toEqual({
            count: 1,
            first: { kind: 'login', name: 'login', responseKey: 'login', identifier: 'ann@example.com' },
        });
        expect(find(`mutation ($u: String!) { me: login(username: $u, password: "x") { __typename } }`, { u: 'BOB' }).first).toEqual({
            kind: 'login',
            name: 'login',
            responseKey: 'me',
            identifier: 'bob',
        });
    });

    it('takes the identifier of authenticate from input.native, or names the other strategy', () => {
        const native = `mutation ($in: AuthenticationInput!) { authenticate(input: $in) { __typename } }`;
        expect(find(native, { in: { native: { username: 'Ann', password: 'x' } } }).first?.identifier).toBe('ann');
        expect(find(native, { in: { google: { token: 't' } } }).first).toMatchObject({ kind: 'login', identifier: 'strategy:google' });
    });

    it('uses a variable default left out of the request, as the resolver will', () => {
        const query = `mutation ($u: String = "Carol", $p: String = "secret") {
            updateActiveAdministrator(input: { password: $p }) { id }
        }`;
        expect(find(query).first?.kind).toBe('admin');
        expect(find(`mutation ($u: String = "Carol") { login(username: $u, password: "x") { __typename } }`).first?.identifier).toBe('carol');
    });

    it('counts every account mutation, and admin ones only when they set a password', () => {
        for (const field of [
            'registerCustomerAccount(input: { emailAddress: "a@b.c", password: "x" })',
            'verifyCustomerAccount(token: "t")',
            'resetPassword(token: "t", password: "x")',
            'updateCustomerPassword(currentPassword: "a", newPassword: "b")',
            'requestUpdateCustomerEmailAddress(password: "a", newEmailAddress: "b@c.d")',
            'requestPasswordReset(emailAddress: "a@b.c")',
            'refreshCustomerVerification(emailAddress: "a@b.c")',
        ]) {
            expect(find(`mutation { ${field} { __typename } }`).first?.kind, field).toBe('account');
        }
        expect(find(`mutation { createAdministrator(input: { password: "x" }) { id } }`).first?.kind).toBe('admin');
        expect(find(`mutation ($p: String) { createCustomer(input: {}, password: $p) { __typename } }`, { p: 'x' }).first?.kind).toBe('admin');
        expect(find(`mutation ($p: String) { createCustomer(input: {}, password: $p) { __typename } }`).count).toBe(0);
        expect(find(`mutation { updateAdministrator(input: { id: "1", firstName: "A" }) { id } }`).count).toBe(0);
        expect(find(`mutation { updateActiveAdministrator(input: { password: null }) { id } }`).count).toBe(0);
        expect(find(`mutation { logout { success } addItemToOrder(productVariantId: 1, quantity: 1) { __typename } }`).count).toBe(0);
    });

    it('counts aliases, inline fragments and fragment spreads, each spread once per use', () => {
        const query = `
            mutation { a: login(username: "ann", password: "1") ...F ... on Mutation { c: resetPassword(token: "t", password: "x") { __typename } } ...F }
            fragment F on Mutation { b: login(username: "bob", password: "2") { __typename } }`;
        const found = find(query);
        expect(found.count).toBe(4);
        expect(found.first).toMatchObject({ responseKey: 'a', identifier: 'ann' });
        // A login field inside another field's selection is no mutation of its own.
        expect(find(`mutation { login(username: "a", password: "b") { ... on CurrentUser { id } } }`).count).toBe(1);
    });

    it('walks a fragment-doubling document in linear time', () => {
        // F0 spreads F1 twice, F1 spreads F2 twice, …: 2^60 logins if every spread were walked.
        const levels = 60;
        const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Mutation { ...F${i + 1} ...F${i + 1} }`);
        fragments.push(`fragment F${levels} on Mutation { login(username: "ann", password: "x") { __typename } }`);
        const found = find(`mutation { ...F0 }\n${fragments.join('\n')}`);
        expect(found.count).toBe(2 ** levels);
        expect(found.first?.identifier).toBe('ann');
    });

    it('stays finite on a fragment cycle (which validation would refuse anyway)', () => {
        const found = find(`mutation { ...A } fragment A on Mutation { ...B login(username: "a", password: "b") { __typename } } fragment B on Mutation { ...A }`);
        expect(found.count).toBe(1);
    });
});
