import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

import { queryDepthLimit } from '../src/query-depth-limit';

const schema = buildSchema(`
    type Collection { id: ID! name: String! parent: Collection children: [Collection!]! }
    type Query { collection(id: ID!): Collection collections: [Collection!]! }
`);

function errorsOf(document: string, maxDepth = 5): string[] {
    return validate(schema, parse(document), [queryDepthLimit(maxDepth)]).map(e => e.message);
}

const nested = (levels: number) => `{ collection(id: 1) ${'{ parent '.repeat(levels - 1)}{ id }${' }'.repeat(levels - 1)} }`;

describe('queryDepthLimit', () => {
    it('accepts a document at the limit', () => {
        expect(errorsOf(nested(4), 5)).toEqual([]);
    });

    it('refuses a document one level deeper, and one 100 levels deep', () => {
        expect(errorsOf(nested(5), 5)).toEqual(['Query is nested deeper than the allowed 5 levels']);
        expect(errorsOf(nested(100), 20)).toEqual(['Query is nested deeper than the allowed 20 levels']);
    });

    it('counts fragments where they are spread, and inline fragments as no level', () => {
        const viaFragment = `{ collection(id: 1) { ...Deep } } fragment Deep on Collection { parent { parent { parent { parent { id } } } } }`;
        expect(errorsOf(viaFragment, 5)).toHaveLength(1);
        const inline = `{ collection(id: 1) { ... on Collection { parent { id } } } }`;
        expect(errorsOf(inline, 3)).toEqual([]);
    });

    it('survives a cyclic fragment (reported by GraphQL itself, not looped on)', () => {
        const cyclic = `{ collection(id: 1) { ...A } } fragment A on Collection { parent { ...A } }`;
        expect(() => errorsOf(cyclic, 5)).not.toThrow();
    });

    it('lets the standard introspection query through at the default limit of 20', () => {
        expect(validate(schema, parse(getIntrospectionQuery()), [queryDepthLimit(20)])).toEqual([]);
    });
});
