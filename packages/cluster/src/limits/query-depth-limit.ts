import {
    GraphQLError,
    Kind,
    type ASTVisitor,
    type FragmentDefinitionNode,
    type SelectionSetNode,
    type ValidationContext,
} from 'graphql';

/**
 * Rejects operations nested deeper than `maxDepth` before they execute. Vendure sets no limit, and
 * one request nested 100 levels deep (`collection { parent { parent { … } } }`) would keep an
 * instance's event loop and the database busy for every other client behind the balancer.
 * Fragments count where they are spread; Vendure's own admin UI and the standard introspection
 * query stay well below 20.
 */
export function queryDepthLimit(maxDepth: number) {
    return (context: ValidationContext): ASTVisitor => {
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const definition of context.getDocument().definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) {
                fragments.set(definition.name.value, definition);
            }
        }

        // Stops counting as soon as the limit is passed, so a hostile document costs little.
        const depthOf = (selectionSet: SelectionSetNode, depth: number, seen: ReadonlySet<string>): number => {
            if (depth > maxDepth) return depth;
            let deepest = depth;
            for (const selection of selectionSet.selections) {
                let below = depth;
                if (selection.kind === Kind.FIELD) {
                    below = selection.selectionSet ? depthOf(selection.selectionSet, depth + 1, seen) : depth;
                } else if (selection.kind === Kind.INLINE_FRAGMENT) {
                    below = depthOf(selection.selectionSet, depth, seen);
                } else {
                    const name = selection.name.value;
                    const fragment = fragments.get(name);
                    // An unknown or cyclic spread is reported by GraphQL's own rules.
                    if (fragment && !seen.has(name)) {
                        below = depthOf(fragment.selectionSet, depth, new Set([...seen, name]));
                    }
                }
                deepest = Math.max(deepest, below);
                if (deepest > maxDepth) break;
            }
            return deepest;
        };

        return {
            OperationDefinition(operation) {
                const depth = depthOf(operation.selectionSet, 1, new Set());
                if (depth > maxDepth) {
                    context.reportError(
                        new GraphQLError(`Query is nested deeper than the allowed ${maxDepth} levels`, { nodes: [operation] }),
                    );
                }
            },
        };
    };
}
