import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, parse, type DocumentNode, type ValidationContext, type ValidationRule } from 'graphql';

/** What one API's validation refuses; see `ApiOperationLimits` in operation-limits.ts for each. */
export interface DocumentLimits {
    maxTokens: number;
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxCost: number;
    introspection: boolean;
}

/**
 * Armor reports through this rather than throwing: a throw out of graphql's `validate` reaches
 * Apollo as an unexpected error (HTTP 500, logged), a reported error as a validation error (400).
 * Armor prefixes every message with "Syntax Error: ", which these are not, and gives costs with
 * all their decimals.
 */
function report(context: ValidationContext | null, error: GraphQLError) {
    const message = error.message.replace(/^Syntax Error: /, '').replace(/found (\d+)\.\d+\.$/, 'found $1.');
    context?.reportError(new GraphQLError(message));
}

const reported = () => ({ propagateOnRejection: false, onReject: [report], exposeLimits: true });

/**
 * Refuses a document of more than `maxTokens` tokens, with graphql's own token limit. Apollo has
 * parsed the document already (Vendure does not pass Apollo a `parseOptions.maxTokens`), and
 * armor's token plugin for Apollo throws during parsing, which Apollo answers with a 500; as a
 * validation rule the refusal is a 400. It must come before graphql-armor's rules (see below).
 */
function maxTokensRule(maxTokens: number): ValidationRule {
    return context => ({
        Document(document) {
            const text = document.loc?.source.body;
            if (text === undefined) return;
            try {
                parse(text, { maxTokens, noLocation: true });
            } catch (error) {
                // The same text parsed without a limit a moment ago, so only the limit can fail it.
                if (error instanceof Error && /more tha[nt] \d+ tokens/.test(error.message)) {
                    context.reportError(new GraphQLError(`Token limit of ${maxTokens} exceeded.`));
                    // graphql would still run every rule over the whole document (40–290 ms for a
                    // 20 KB one of aliases); a visitor that returns a node replaces the one visited,
                    // so the rules walk an empty document instead.
                    return EMPTY_DOCUMENT;
                }
            }
        },
    });
}

const EMPTY_DOCUMENT: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };

/**
 * The validation rules one API adds to graphql's own: a token limit, then graphql-armor's depth,
 * alias, directive and cost rules. Each armor rule counts a fragment once and reuses the count
 * wherever it is spread, so a document whose fragments spread the next one twice costs it linear
 * time, and its cost (which grows with every spread) refuses that document. Fragments count where
 * they are spread and inline fragments add no level (`flattenFragments`), as if written inline.
 */
export function documentLimitRules(limits: DocumentLimits): ValidationRule[] {
    const armor = new ApolloArmor({
        maxDepth: { n: limits.maxDepth, flattenFragments: true, ...reported() },
        maxAliases: { n: limits.maxAliases, ...reported() },
        maxDirectives: { n: limits.maxDirectives, ...reported() },
        costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...reported() },
        // Both answer with a 500 in Apollo: the token limit is the rule above, and field
        // suggestions are hidden per API by hide-suggestions.ts.
        maxTokens: { enabled: false },
        blockFieldSuggestion: { enabled: false },
    });
    return [
        maxTokensRule(limits.maxTokens),
        ...armor.protect().validationRules,
        // graphql's own rule refuses __schema and __type (not __typename), per API, where Vendure's
        // `apiOptions.introspection` would switch it for both.
        ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
}
