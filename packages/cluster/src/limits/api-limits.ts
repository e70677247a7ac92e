import type { ApiOptions } from '@vendure/core';
import type { ValidationRule } from 'graphql';

import type { ClusterOptions } from '../cluster-options';
import { loginRateLimit } from './login-rate-limit';
import { operationLimits } from './operation-limits';
import { redisLoginCounter } from './redis-login-counter';

type ApolloPlugin = NonNullable<ApiOptions['apolloServerPlugins']>[number];

export interface ApiLimits {
    shopValidationRules: ValidationRule[];
    adminValidationRules: ValidationRule[];
    apolloServerPlugins: ApolloPlugin[];
}

/**
 * The operation cost limits and the login limiter, as Vendure's apiOptions take them. `lists` are
 * the app's own list limits: the `take` Vendure applies when a query names none, which the
 * complexity score must assume.
 */
export function apiLimits(
    options: ClusterOptions,
    lists: Pick<ApiOptions, 'shopListQueryLimit' | 'adminListQueryLimit'> = {},
): ApiLimits {
    const operations =
        options.operationLimits === false
            ? undefined
            : operationLimits({
                  production: options.production ?? false,
                  shop: { listQueryLimit: lists.shopListQueryLimit, ...options.operationLimits?.shop },
                  admin: { listQueryLimit: lists.adminListQueryLimit, ...options.operationLimits?.admin },
              });
    const logins = options.loginLimits;
    return {
        shopValidationRules: operations?.shopApiValidationRules ?? [],
        adminValidationRules: operations?.adminApiValidationRules ?? [],
        apolloServerPlugins: [
            ...(operations?.apolloServerPlugins ?? []),
            ...(logins && logins.maxFailures > 0 ? [loginRateLimit({ ...logins, connect: () => redisLoginCounter(options.redis) })] : []),
        ],
    };
}
