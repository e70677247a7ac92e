import { PluginCommonModule, VendurePlugin } from '@vendure/core';
import gql from 'graphql-tag';

/**
 * Price filters on `search`, in the shape of Vendure's Elasticsearch plugin (so a storefront keeps
 * its queries if the shop moves there): variants priced within [min, max], in minor units.
 * IndexedSearchStrategy applies them on an indexed column; Vendure's own strategies ignore them.
 */
const priceRangeFilters = gql`
    input PriceRangeInput {
        min: Int!
        max: Int!
    }

    extend input SearchInput {
        priceRange: PriceRangeInput
        priceRangeWithTax: PriceRangeInput
    }
`;

@VendurePlugin({
    imports: [PluginCommonModule],
    shopApiExtensions: { schema: priceRangeFilters },
    adminApiExtensions: { schema: priceRangeFilters },
    compatibility: '^3.0.0',
})
export class SearchPriceRangePlugin {}
