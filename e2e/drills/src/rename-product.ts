import type { GraphQLClient } from '@vendure-scale/e2e-support';

/** Renames a product through the Admin API: Vendure enqueues one `update-search-index` job for it. */
export async function renameProduct(admin: GraphQLClient, id: string, name: string): Promise<void> {
    await admin.request(`mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { id } }`, {
        input: { id, translations: [{ languageCode: 'en', name }] },
    });
}
