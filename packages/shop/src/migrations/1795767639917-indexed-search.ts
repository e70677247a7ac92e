import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables and indexes behind IndexedSearchStrategy (src/search). Vendure's indexer keeps writing
 * search_index_item as before; statement-level triggers copy every written row, in the same
 * transaction, into two tables in indexable form:
 * - search_index_document: what a search filters, counts and sorts on; facet and collection ids
 *   and slugs as arrays (GIN). Narrow (about 200 bytes a row), so that a collection page or a
 *   facet count over thousands of rows reads few pages.
 * - search_index_text: the same columns plus the weighted tsvector (GIN) and the names for
 *   pg_trgm (GIN), about a kilobyte a row: a search with a term reads only this table, the rows
 *   its GIN index finds, and needs no join (which the planner, with random_page_cost at its
 *   spinning-disk default, would make a hash join over the whole filter table).
 *
 * Tables of their own, not columns on search_index_item: TypeORM knows that table's columns from
 * Vendure's entity and would drop any extra column or index in the next generated migration;
 * tables it has no entity for, and triggers, it leaves alone.
 *
 * pg_trgm is a trusted extension (PostgreSQL 13+): the database owner, or any role with CREATE on
 * the database, may create it; no superuser needed.
 *
 * 'english' is the text search configuration of the stock postgres image (its
 * default_text_search_config), which Vendure's default strategy uses implicitly; here it is fixed,
 * since an index needs an immutable expression. Another language means a new migration.
 */
export class IndexedSearch1795767639917 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`
            CREATE TABLE "search_index_document" (
                "channelId" integer NOT NULL,
                "languageCode" character varying NOT NULL,
                "productVariantId" integer NOT NULL,
                "productId" integer NOT NULL,
                "enabled" boolean NOT NULL,
                "inStock" boolean NOT NULL,
                "productInStock" boolean NOT NULL,
                "price" integer NOT NULL,
                "priceWithTax" integer NOT NULL,
                "productName" character varying NOT NULL,
                "facetValueIds" text[] NOT NULL,
                "collectionIds" text[] NOT NULL,
                "collectionSlugs" text[] NOT NULL,
                CONSTRAINT "PK_search_index_document" PRIMARY KEY ("channelId", "languageCode", "productVariantId")
            )`);
        await queryRunner.query(`
            CREATE TABLE "search_index_text" (
                "channelId" integer NOT NULL,
                "languageCode" character varying NOT NULL,
                "productVariantId" integer NOT NULL,
                "productId" integer NOT NULL,
                "enabled" boolean NOT NULL,
                "inStock" boolean NOT NULL,
                "productInStock" boolean NOT NULL,
                "price" integer NOT NULL,
                "priceWithTax" integer NOT NULL,
                "productName" character varying NOT NULL,
                "facetValueIds" text[] NOT NULL,
                "collectionIds" text[] NOT NULL,
                "collectionSlugs" text[] NOT NULL,
                "names" text NOT NULL,
                "document" tsvector NOT NULL,
                CONSTRAINT "PK_search_index_text" PRIMARY KEY ("channelId", "languageCode", "productVariantId")
            )`);
        await queryRunner.query(`CREATE INDEX "IDX_search_index_text_document" ON "search_index_text" USING gin ("document")`);
        await queryRunner.query(`CREATE INDEX "IDX_search_index_text_names" ON "search_index_text" USING gin ("names" gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "IDX_search_index_document_facet_values" ON "search_index_document" USING gin ("facetValueIds")`);
        await queryRunner.query(`CREATE INDEX "IDX_search_index_document_collections" ON "search_index_document" USING gin ("collectionIds")`);
        await queryRunner.query(`CREATE INDEX "IDX_search_index_document_collection_slugs" ON "search_index_document" USING gin ("collectionSlugs")`);
        await queryRunner.query(`CREATE INDEX "IDX_search_index_document_product" ON "search_index_document" ("channelId", "languageCode", "productId")`);

        // The weights say which field a term matched in: A sku, B product name, C variant name,
        // D description. Two-argument to_tsvector is immutable, so the result can be stored.
        await queryRunner.query(`
            CREATE FUNCTION "search_index_document_vector"(sku text, product_name text, variant_name text, description text)
            RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT setweight(to_tsvector('english', sku), 'A')
                    || setweight(to_tsvector('english', product_name), 'B')
                    || setweight(to_tsvector('english', variant_name), 'C')
                    || setweight(to_tsvector('english', description), 'D')
            $$`);
        // One set-based statement per indexer statement (its upserts are 500 rows each), not one per row.
        // search_path is pinned to the one the migration ran with, whoever writes the index later.
        await queryRunner.query(`
            CREATE FUNCTION "search_index_document_upsert"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
                IF TG_OP = 'UPDATE' THEN
                    -- Vendure never changes a row's key, but a key that did change must not leave its old copies behind.
                    DELETE FROM "search_index_document" d USING old_rows o
                    WHERE d."channelId" = o."channelId" AND d."languageCode" = o."languageCode" AND d."productVariantId" = o."productVariantId"
                      AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n."channelId" = o."channelId"
                                      AND n."languageCode" = o."languageCode" AND n."productVariantId" = o."productVariantId");
                    DELETE FROM "search_index_text" t USING old_rows o
                    WHERE t."channelId" = o."channelId" AND t."languageCode" = o."languageCode" AND t."productVariantId" = o."productVariantId"
                      AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n."channelId" = o."channelId"
                                      AND n."languageCode" = o."languageCode" AND n."productVariantId" = o."productVariantId");
                END IF;
                INSERT INTO "search_index_document" AS d (
                    "channelId", "languageCode", "productVariantId", "productId", "enabled", "inStock", "productInStock",
                    "price", "priceWithTax", "productName", "facetValueIds", "collectionIds", "collectionSlugs")
                SELECT n."channelId", n."languageCode", n."productVariantId", n."productId", n."enabled", n."inStock", n."productInStock",
                    n."price", n."priceWithTax", n."productName",
                    string_to_array(n."facetValueIds", ','), string_to_array(n."collectionIds", ','), string_to_array(n."collectionSlugs", ',')
                FROM new_rows n
                ON CONFLICT ("channelId", "languageCode", "productVariantId") DO UPDATE SET
                    "productId" = EXCLUDED."productId", "enabled" = EXCLUDED."enabled", "inStock" = EXCLUDED."inStock",
                    "productInStock" = EXCLUDED."productInStock", "price" = EXCLUDED."price", "priceWithTax" = EXCLUDED."priceWithTax",
                    "productName" = EXCLUDED."productName", "facetValueIds" = EXCLUDED."facetValueIds",
                    "collectionIds" = EXCLUDED."collectionIds", "collectionSlugs" = EXCLUDED."collectionSlugs";
                INSERT INTO "search_index_text" AS t (
                    "channelId", "languageCode", "productVariantId", "productId", "enabled", "inStock", "productInStock",
                    "price", "priceWithTax", "productName", "facetValueIds", "collectionIds", "collectionSlugs", "names", "document")
                SELECT d."channelId", d."languageCode", d."productVariantId", d."productId", d."enabled", d."inStock", d."productInStock",
                    d."price", d."priceWithTax", d."productName", d."facetValueIds", d."collectionIds", d."collectionSlugs",
                    concat_ws(' ', n."productName", n."productVariantName", n."sku"),
                    "search_index_document_vector"(n."sku", n."productName", n."productVariantName", n."description")
                FROM new_rows n
                JOIN "search_index_document" d
                  ON d."channelId" = n."channelId" AND d."languageCode" = n."languageCode" AND d."productVariantId" = n."productVariantId"
                ON CONFLICT ("channelId", "languageCode", "productVariantId") DO UPDATE SET
                    "productId" = EXCLUDED."productId", "enabled" = EXCLUDED."enabled", "inStock" = EXCLUDED."inStock",
                    "productInStock" = EXCLUDED."productInStock", "price" = EXCLUDED."price", "priceWithTax" = EXCLUDED."priceWithTax",
                    "productName" = EXCLUDED."productName", "facetValueIds" = EXCLUDED."facetValueIds",
                    "collectionIds" = EXCLUDED."collectionIds", "collectionSlugs" = EXCLUDED."collectionSlugs",
                    "names" = EXCLUDED."names", "document" = EXCLUDED."document";
                RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE FUNCTION "search_index_document_delete"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
                DELETE FROM "search_index_document" d USING old_rows o
                WHERE d."channelId" = o."channelId" AND d."languageCode" = o."languageCode" AND d."productVariantId" = o."productVariantId";
                DELETE FROM "search_index_text" t USING old_rows o
                WHERE t."channelId" = o."channelId" AND t."languageCode" = o."languageCode" AND t."productVariantId" = o."productVariantId";
                RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE FUNCTION "search_index_document_truncate"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
                TRUNCATE "search_index_document", "search_index_text";
                RETURN NULL;
            END $$`);
        // Transition tables allow one event per trigger; an upsert fires the insert and the update trigger.
        await queryRunner.query(`
            CREATE TRIGGER "search_index_document_after_insert" AFTER INSERT ON "search_index_item"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_index_document_upsert"()`);
        await queryRunner.query(`
            CREATE TRIGGER "search_index_document_after_update" AFTER UPDATE ON "search_index_item"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_index_document_upsert"()`);
        await queryRunner.query(`
            CREATE TRIGGER "search_index_document_after_delete" AFTER DELETE ON "search_index_item"
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_index_document_delete"()`);
        await queryRunner.query(`
            CREATE TRIGGER "search_index_document_after_truncate" AFTER TRUNCATE ON "search_index_item"
            FOR EACH STATEMENT EXECUTE FUNCTION "search_index_document_truncate"()`);

        // Rows the indexer wrote before this migration: an existing shop needs no reindex.
        await queryRunner.query(`
            INSERT INTO "search_index_document" (
                "channelId", "languageCode", "productVariantId", "productId", "enabled", "inStock", "productInStock",
                "price", "priceWithTax", "productName", "facetValueIds", "collectionIds", "collectionSlugs")
            SELECT s."channelId", s."languageCode", s."productVariantId", s."productId", s."enabled", s."inStock", s."productInStock",
                s."price", s."priceWithTax", s."productName",
                string_to_array(s."facetValueIds", ','), string_to_array(s."collectionIds", ','), string_to_array(s."collectionSlugs", ',')
            FROM "search_index_item" s`);
        await queryRunner.query(`
            INSERT INTO "search_index_text"
            SELECT d.*, concat_ws(' ', s."productName", s."productVariantName", s."sku"),
                "search_index_document_vector"(s."sku", s."productName", s."productVariantName", s."description")
            FROM "search_index_item" s
            JOIN "search_index_document" d
              ON d."channelId" = s."channelId" AND d."languageCode" = s."languageCode" AND d."productVariantId" = s."productVariantId"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const trigger of ['after_insert', 'after_update', 'after_delete', 'after_truncate']) {
            await queryRunner.query(`DROP TRIGGER "search_index_document_${trigger}" ON "search_index_item"`);
        }
        for (const fn of ['search_index_document_truncate', 'search_index_document_delete', 'search_index_document_upsert']) {
            await queryRunner.query(`DROP FUNCTION "${fn}"()`);
        }
        await queryRunner.query(`DROP TABLE "search_index_text"`);
        await queryRunner.query(`DROP TABLE "search_index_document"`);
        await queryRunner.query(`DROP FUNCTION "search_index_document_vector"(text, text, text, text)`);
        // pg_trgm stays: other objects may have come to depend on it.
    }
}
