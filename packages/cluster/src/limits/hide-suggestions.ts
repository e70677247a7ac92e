import type { ApiOptions } from '@vendure/core';

import { apiOfSchema, type VendureApi } from './api-of-schema';

type ApolloPlugin = NonNullable<ApiOptions['apolloServerPlugins']>[number];

// graphql appends every suggestion as ` Did you mean …?` (names are quoted and hold no "?").
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Removes graphql's "Did you mean …" suggestions from the errors of the given APIs, which would
 * otherwise spell out the schema to a caller that cannot introspect it. The message stays clear
 * (`Cannot query field "prodcts" on type "Query".`). Written here because graphql-armor's mask
 * misses enum values and inline-fragment hints and leaves a stray "?", and the HardenPlugin's
 * replaces the whole message with "Invalid request".
 */
export function hideSuggestions(apis: ReadonlySet<VendureApi>): ApolloPlugin {
    return {
        async requestDidStart({ schema }) {
            if (!apis.has(apiOfSchema(schema))) return;
            return {
                // Validation and variable errors both pass here before they are formatted.
                async didEncounterErrors({ errors }) {
                    for (const error of errors) {
                        error.message = error.message.replace(SUGGESTION, '');
                    }
                },
            };
        },
    };
}
