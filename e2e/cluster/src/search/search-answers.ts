import { GraphQLSession } from '@vendure-scale/e2e-support';

/** One search as a storefront sends it: items, totalItems, facet value and collection counts. */
const SEARCH = `query ($input: SearchInput!) {
    search(input: $input) {
        totalItems
        items { productId productVariantId productName score priceWithTax { ... on SinglePrice { value } ... on PriceRange { min max } } }
        facetValues { count facetValue { id } }
        collections { count collection { id } }
    }
}`;

export interface SearchItem {
    productId: string;
    productVariantId: string;
    productName: string;
    score: number;
    priceWithTax: { value?: number; min?: number; max?: number };
}

/** Every page of one search, from one server. */
export interface SearchAnswer {
    totalItems: number;
    /** Product ids when grouped by product, variant ids otherwise, in the server's order. */
    ids: string[];
    items: SearchItem[];
    facetValues: Record<string, number>;
    collections: Record<string, number>;
}

const PAGE = 50;
/** A bound on pages, so that a wrong totalItems cannot loop: 40 x 50 rows is more than the test catalogue has per term. */
const MAX_PAGES = 40;

/** Reads the whole result of `input` (its own take/skip, if set, as one page) from `shopUrl`. */
export async function searchAll(shopUrl: string, input: Record<string, unknown>): Promise<SearchAnswer> {
    const client = new GraphQLSession('bearer', 30_000);
    const onePage = input.take !== undefined || input.skip !== undefined;
    const answer: SearchAnswer = { totalItems: 0, ids: [], items: [], facetValues: {}, collections: {} };
    for (let page = 0; page < MAX_PAGES; page++) {
        const { data } = await client.query(shopUrl, SEARCH, { input: onePage ? input : { ...input, take: PAGE, skip: page * PAGE } });
        const search = data.search;
        if (page === 0) {
            answer.totalItems = search.totalItems;
            answer.facetValues = Object.fromEntries(search.facetValues.map((f: any) => [f.facetValue.id, f.count]));
            answer.collections = Object.fromEntries(search.collections.map((c: any) => [c.collection.id, c.count]));
        }
        answer.items.push(...search.items);
        if (onePage || search.items.length < PAGE || answer.items.length >= search.totalItems) break;
    }
    answer.ids = answer.items.map(item => (input.groupByProduct ? item.productId : item.productVariantId));
    return answer;
}

/** What must be equal between two strategies: the ids as a set (or in order), the total and the counts. */
export function comparable(answer: SearchAnswer, ordered: boolean) {
    return {
        totalItems: answer.totalItems,
        ids: ordered ? answer.ids : [...answer.ids].sort((a, b) => Number(a) - Number(b)),
        facetValues: answer.facetValues,
        collections: answer.collections,
    };
}
