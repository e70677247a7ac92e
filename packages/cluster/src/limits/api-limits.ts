import type { ApiOptions } from '@vendure/core';
import type { ValidationRule } from 'graphql';

import type { ClusterOptions } from '../cluster-options';
import { loginRateLimit } from './login-rate-limit';
import { queryDepthLimit } from './query-depth-limit';
import { redisLoginCounter } from './redis-login-counter';

type ApolloPlugin = NonNullable<ApiOptions['apolloServerPlugins']>[number];

export interface ApiLimits {
    shopValidationRules: ValidationRule[];
    adminValidationRules: ValidationRule[];
    apolloServerPlugins: ApolloPlugin[];
}

/** The operation cost limits and the login limiter, as Vendure's apiOptions take them. */
export function apiLimits(options: ClusterOptions): ApiLimits {
    const rules = options.operationLimits ? [queryDepthLimit(options.operationLimits.maxDepth)] : [];
    const logins = options.loginLimits;
    return {
        shopValidationRules: rules,
        adminValidationRules: rules,
        apolloServerPlugins:
            logins && logins.maxFailures > 0
                ? [
                      loginRateLimit({ ...logins, connect: () => redisLoginCounter(options.redis) }),
                  ]
                : [],
    };
}
