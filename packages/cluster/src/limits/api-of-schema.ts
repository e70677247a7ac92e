import type { GraphQLSchema } from 'graphql';

export type VendureApi = 'shop' | 'admin';

const known = new WeakMap<GraphQLSchema, VendureApi>();

/**
 * Which Vendure API a schema serves. Vendure gives both APIs one list of Apollo plugins, so a plugin
 * that treats them differently asks the request's schema. Only the Admin API has the
 * `administrators` query, the test Vendure's own HardenPlugin uses; unlike the request path, it
 * holds whatever `shopApiPath`/`adminApiPath` are.
 */
export function apiOfSchema(schema: GraphQLSchema): VendureApi {
    let api = known.get(schema);
    if (!api) {
        api = schema.getQueryType()?.getFields().administrators ? 'admin' : 'shop';
        known.set(schema, api);
    }
    return api;
}
