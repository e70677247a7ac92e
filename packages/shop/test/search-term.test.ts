import { describe, expect, it } from 'vitest';

import { containsPattern, isSearchTerm, matchQuery, partialWords, rankQuery, termWords } from '../src/search/search-term';

describe('search terms, as the default Postgres strategy reads them', () => {
    it('ignores terms of up to two characters, counting spaces, as the default does', () => {
        expect(isSearchTerm(undefined)).toBe(false);
        expect(isSearchTerm('')).toBe(false);
        expect(isSearchTerm('tv')).toBe(false);
        expect(isSearchTerm(' tv')).toBe(true);
        expect(isSearchTerm('tent')).toBe(true);
    });

    it("splits on white space and drops tsquery's syntax characters", () => {
        expect(termWords("  running   shoe's ")).toEqual(['running', 'shoe', 's']);
        expect(termWords('a|b&c!(d):"e"\\f')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
        expect(termWords('hi-top <3')).toEqual(['hi-top', '<3']);
        expect(termWords('!!!')).toEqual([]);
    });

    it('matches all words as prefixes within one field: one weight at a time, after the cheap check without weights', () => {
        expect(matchQuery(['wireless', 'head'])).toBe(
            "('wireless':* & 'head':*) & (('wireless':*A & 'head':*A) | ('wireless':*B & 'head':*B) | ('wireless':*C & 'head':*C) | ('wireless':*D & 'head':*D))",
        );
    });

    it('needs no weights for one plain word, since every position of the document has a weight', () => {
        expect(matchQuery(['tent'])).toBe("'tent':*");
        expect(matchQuery(['größe'])).toBe("'größe':*");
    });

    it('keeps the weights for one word that the parser splits into a phrase', () => {
        expect(matchQuery(['hi-top'])).toBe("('hi-top':*) & (('hi-top':*A) | ('hi-top':*B) | ('hi-top':*C) | ('hi-top':*D))");
    });

    it('gives no words an empty query, which matches nothing, as the default does', () => {
        expect(matchQuery([])).toBe('');
    });

    it('ranks with every word as a prefix anywhere', () => {
        expect(rankQuery(['wireless', 'head'])).toBe("'wireless':* & 'head':*");
    });

    it("takes LIKE's wildcards in a partial word literally", () => {
        expect(containsPattern('phone')).toBe('%phone%');
        expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
    });

    it('leaves out words too short for a trigram', () => {
        expect(partialWords(['usb', 'c', 'hub', 'xl'])).toEqual(['usb', 'hub']);
    });
});
