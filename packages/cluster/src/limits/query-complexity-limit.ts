import { defaultVendureComplexityEstimator } from '@vendure/harden-plugin';
import type { ApiOptions } from '@vendure/core';
import { GraphQLError } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

import { apiOfSchema, type VendureApi } from './api-of-schema';

type ApolloPlugin = NonNullable<ApiOptions['apolloServerPlugins']>[number];

export interface ComplexityLimit {
    /** Highest complexity accepted, as Vendure's estimator scores it. */
    maxComplexity: number;
    /** The `take` Vendure applies when a list query names none: its shop/adminListQueryLimit. */
    listQueryLimit: number;
}

/**
 * Vendure's own estimator (from @vendure/harden-plugin): a paginated list costs more the larger
 * its `take`, any other list five times its items. Two corrections:
 * - a list without `take` is scored with the API's list limit, which is what Vendure then returns,
 *   not the estimator's 1000, so ordinary storefront queries stay well inside the limit;
 * - the estimator takes the logarithm of the items' complexity, which is -Infinity for a list that
 *   selects only `__typename` (scored 0); added to the rest, it would wave any query through. Such
 *   a list scores 1 instead.
 */
function vendureEstimator(listQueryLimit: number): ComplexityEstimator {
    const estimate = defaultVendureComplexityEstimator({}, false);
    return options => {
        const take = options.args.options?.take ?? listQueryLimit;
        const score = estimate({ ...options, args: { ...options.args, options: { ...options.args.options, take } } });
        return Number.isFinite(score) ? score : options.childComplexity + 1;
    };
}

/**
 * Refuses an operation whose take-aware complexity is above the API's limit (an API without a
 * limit is not scored). It runs once the operation and its variables are known (a `take` is often
 * a variable), after validation: graphql-query-complexity walks a fragment again wherever it is
 * spread, exponential in a document of fragments that spread the next one twice, and only the
 * validation rules' cost limit (document-limit-rules.ts), which bounds how many fields a document
 * expands to, makes that walk safe. The refusal is a 400, like a validation error.
 */
export function queryComplexityLimit(limits: Partial<Record<VendureApi, ComplexityLimit>>): ApolloPlugin {
    const estimators = Object.fromEntries(
        Object.entries(limits).map(([api, limit]) => [api, [vendureEstimator(limit.listQueryLimit)]]),
    ) as Partial<Record<VendureApi, ComplexityEstimator[]>>;

    return {
        async requestDidStart({ schema }) {
            const api = apiOfSchema(schema);
            const limit = limits[api];
            if (!limit) return;
            return {
                async didResolveOperation(requestContext) {
                    const { request, document, operation, response } = requestContext;
                    if (!operation) return; // Apollo answers a missing operation itself
                    let complexity: number;
                    try {
                        complexity = getComplexity({
                            schema,
                            query: document,
                            operationName: operation.name?.value,
                            variables: request.variables ?? {},
                            estimators: estimators[api] ?? [],
                        });
                    } catch {
                        // Variables that do not fit the operation: execution reports them clearly.
                        return;
                    }
                    if (complexity > limit.maxComplexity) {
                        // On the response, as the login limiter does, not in the error's extensions.
                        response.http.status = 400;
                        throw new GraphQLError(`Query complexity limit of ${limit.maxComplexity} exceeded, found ${complexity}.`, {
                            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
                        });
                    }
                },
            };
        },
    };
}
