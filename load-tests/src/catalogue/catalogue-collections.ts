import { FACETS } from './generate-product';
import { DEPARTMENTS } from './vocabulary';

export interface CollectionPlan {
    name: string;
    slug: string;
    /** The parent collection's slug; top-level collections have none. */
    parentSlug?: string;
    /** The one facet value whose products the collection holds. */
    facet: string;
    value: string;
}

/**
 * One collection per department and one per category below it, each filtered by its own facet
 * value. Categories do not inherit their department's filter: the filter of a collection never
 * changes after it was created, and each one is complete on its own.
 */
export function catalogueCollections(): CollectionPlan[] {
    return DEPARTMENTS.flatMap(department => [
        { name: department.name, slug: department.slug, facet: FACETS.department, value: department.name },
        ...department.categories.map(category => ({
            name: category.name,
            slug: category.slug,
            parentSlug: department.slug,
            facet: FACETS.category,
            value: category.name,
        })),
    ]);
}
