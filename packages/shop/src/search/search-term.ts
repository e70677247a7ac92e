/**
 * How a search term becomes a query, in the same words as Vendure's PostgresSearchStrategy so that
 * both find the same rows: terms of up to MIN_TERM_LENGTH characters are ignored, the characters
 * that are tsquery syntax are dropped, and every word must match as a prefix.
 */
export const MIN_TERM_LENGTH = 2;

/** The configuration the migration's document vectors are built with (see the migration). */
export const TEXT_SEARCH_CONFIG = 'english';

/**
 * The fields of a document, as the migration weights them. The default strategy requires all words
 * of a term to match within one field (one to_tsvector per column); restricting the query to one
 * weight at a time keeps exactly that over the single, indexed document vector.
 */
export const FIELD_WEIGHTS = ['A', 'B', 'C', 'D'] as const;

/**
 * ts_rank_cd weights for D, C, B, A: description 1, variant name 1.5, product name 2, sku 10, the
 * proportions of the default strategy's score (which sums one rank per field).
 */
export const RANK_WEIGHTS = '{0.1, 0.15, 0.2, 1.0}';

/** pg_trgm needs three characters for a trigram; shorter words cannot use its index. */
export const MIN_PARTIAL_WORD_LENGTH = 3;

/** Whether the term filters at all: the default strategy ignores a term of up to two characters. */
export function isSearchTerm(term: string | null | undefined): term is string {
    return !!term && term.length > MIN_TERM_LENGTH;
}

/** The words of a term, with tsquery's syntax characters removed, as the default strategy splits them. */
export function termWords(term: string): string[] {
    return term
        .trim()
        .replace(/['":\\!|&()]/g, ' ')
        .split(/\s+/g)
        .filter(word => word.length > 0);
}

/** A word the parser keeps as one token: no phrase can come of it. */
const SINGLE_TOKEN = /^[\p{L}\p{N}]+$/u;

/**
 * The matching query: every word as a prefix, all in the sku, or all in the product name, or … (the
 * default strategy's semantics). The weight-restricted part must be checked on each candidate row,
 * so it comes after the same words without weights, which rules out most rows cheaply; and one
 * plain word needs no weights at all, since every position of the document has one of the four.
 * An empty string for no words: to_tsquery makes it a query that matches nothing, as in the default.
 */
export function matchQuery(words: readonly string[]): string {
    if (!words.length) return '';
    const anywhere = rankQuery(words);
    if (words.length === 1 && SINGLE_TOKEN.test(words[0])) return anywhere;
    const inOneField = FIELD_WEIGHTS.map(weight => `(${words.map(word => `'${word}':*${weight}`).join(' & ')})`).join(' | ');
    return `(${anywhere}) & (${inOneField})`;
}

/** The ranking query: every word as a prefix, anywhere; the document's weights rank the fields. */
export function rankQuery(words: readonly string[]): string {
    return words.map(word => `'${word}':*`).join(' & ');
}

/** A LIKE pattern that finds `word` anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(word: string): string {
    return `%${word.replace(/[\\%_]/g, char => `\\${char}`)}%`;
}

/** The words a partial (pg_trgm) match can use. */
export function partialWords(words: readonly string[]): string[] {
    return words.filter(word => word.length >= MIN_PARTIAL_WORD_LENGTH);
}
