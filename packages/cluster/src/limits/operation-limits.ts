import type { ApiOptions } from '@vendure/core';
import type { ValidationRule } from 'graphql';

import type { VendureApi } from './api-of-schema';
import { documentLimitRules } from './document-limit-rules';
import { hideSuggestions } from './hide-suggestions';
import { queryComplexityLimit, type ComplexityLimit } from './query-complexity-limit';

type ApolloPlugin = NonNullable<ApiOptions['apolloServerPlugins']>[number];

/** The limits of one API. Every count is per operation, fragments counted wherever they are spread. */
export interface ApiOperationLimits {
    /** Tokens (names, punctuation, values) in the document; bounds all the work below. */
    maxTokens: number;
    /** Deepest field nesting: `{ product { variants { id } } }` is 3. */
    maxDepth: number;
    /** Aliased fields (`__typename` aliases excepted): each alias runs its field again. */
    maxAliases: number;
    maxDirectives: number;
    /**
     * graphql-armor's cost: every field the document expands to, objects 2 and scalars 1, times
     * 1.5 for each level it is nested. It bounds the size of the expanded document, which is what
     * a document of fragments spreading fragments multiplies, and with it the work of scoring
     * `maxComplexity`: keep it bounded wherever complexity is scored.
     */
    maxCost: number;
    /**
     * Vendure's take-aware complexity (the HardenPlugin's estimator), scored with the request's
     * variables after validation: a `products(options: { take: 100 })` with variants and
     * collections scores about 700. 0 turns it off for the API.
     */
    maxComplexity: number;
    /** The `take` Vendure applies to a list query that names none: set it to shop/adminListQueryLimit. */
    listQueryLimit: number;
    /** `__schema` and `__type` queries. */
    introspection: boolean;
    /** "Did you mean …" in error messages. */
    fieldSuggestions: boolean;
}

export interface OperationLimitsOptions {
    /** In production both APIs refuse introspection and give no field suggestions, unless overridden below. */
    production: boolean;
    shop?: Partial<ApiOperationLimits>;
    admin?: Partial<ApiOperationLimits>;
}

/** What to add to Vendure's `apiOptions`. */
export interface OperationLimits {
    shopApiValidationRules: ValidationRule[];
    adminApiValidationRules: ValidationRule[];
    apolloServerPlugins: ApolloPlugin[];
}

type CountLimits = Omit<ApiOperationLimits, 'introspection' | 'fieldSuggestions'>;

/**
 * Shop API defaults. The load-test journeys and a storefront's pages (home, product, cart,
 * checkout, account; test/fixtures/storefront) measure at most 122 tokens (more with Apollo
 * Client's `__typename`s), depth 7, no aliases or directives, cost 245 and complexity 648 (the load
 * test's catalogue discovery: 100 products with their variants). The complexity limit admits one
 * list of 100 products with variants and collections (715, about 0.2 s of a server) but not two:
 * the 200 aliases that took servers down score 143,000.
 */
export const SHOP_OPERATION_LIMITS: Readonly<CountLimits> = {
    maxTokens: 2_000,
    maxDepth: 20,
    maxAliases: 15,
    maxDirectives: 20,
    maxCost: 5_000,
    maxComplexity: 1_000,
    listQueryLimit: 100,
};

/**
 * Admin API defaults, generous: every request but login needs an administrator's session (an
 * anonymous one is refused field by field before anything loads). Every operation of the
 * Dashboard (@vendure/dashboard's sources, over 200; test/operation-limits-documents.test.ts)
 * fits them; custom fields add to them. Like Vendure's HardenPlugin, the Admin API is not scored for complexity:
 * its lists may take up to 1000 and staff are trusted with them.
 */
export const ADMIN_OPERATION_LIMITS: Readonly<CountLimits> = {
    maxTokens: 10_000,
    maxDepth: 20,
    maxAliases: 100,
    maxDirectives: 50,
    maxCost: 50_000,
    maxComplexity: 0,
    listQueryLimit: 1_000,
};

/** The limits each API gets from `options`, defaults filled in. */
export function resolveOperationLimits(options: OperationLimitsOptions): Record<VendureApi, ApiOperationLimits> {
    const open = !options.production;
    const resolve = (defaults: Readonly<CountLimits>, given: Partial<ApiOperationLimits> = {}): ApiOperationLimits => {
        const limits = { ...defaults, introspection: open, fieldSuggestions: open, ...withoutUndefined(given) };
        for (const [name, value] of Object.entries(limits)) {
            // Only the complexity limit can be off; a count of 0 would refuse every operation.
            const least = name === 'maxComplexity' ? 0 : 1;
            if (typeof value === 'number' && !(Number.isInteger(value) && value >= least)) {
                throw new Error(`operationLimits: ${name} must be a whole number of ${least} or more (got ${value})`);
            }
        }
        return limits;
    };
    return { shop: resolve(SHOP_OPERATION_LIMITS, options.shop), admin: resolve(ADMIN_OPERATION_LIMITS, options.admin) };
}

/**
 * Bounds what one GraphQL operation may cost a server, on both Vendure APIs, before it runs:
 * validation rules per API (token count, then graphql-armor's depth, aliases, directives and cost,
 * and introspection where it is off) and Apollo plugins for both (Vendure's take-aware complexity
 * where an API has a limit, suggestions hidden where they are off). Every refusal is an HTTP 400
 * with a message that names the limit.
 */
export function operationLimits(options: OperationLimitsOptions): OperationLimits {
    const limits = resolveOperationLimits(options);
    const apis = Object.keys(limits) as VendureApi[];

    const complexity: Partial<Record<VendureApi, ComplexityLimit>> = {};
    for (const api of apis) {
        const { maxComplexity, listQueryLimit } = limits[api];
        if (maxComplexity > 0) complexity[api] = { maxComplexity, listQueryLimit };
    }
    const hidden = new Set(apis.filter(api => !limits[api].fieldSuggestions));

    return {
        shopApiValidationRules: documentLimitRules(limits.shop),
        adminApiValidationRules: documentLimitRules(limits.admin),
        apolloServerPlugins: [
            ...(Object.keys(complexity).length ? [queryComplexityLimit(complexity)] : []),
            ...(hidden.size ? [hideSuggestions(hidden)] : []),
        ],
    };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
