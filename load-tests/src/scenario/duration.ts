/** k6 duration strings ("500ms", "30s", "2m", "1h30m") in milliseconds, so both drivers agree. */
export function parseDuration(text: string): number {
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
    if (!parts.length || parts.map(p => p[0]).join('') !== text) {
        throw new Error(`not a duration: "${text}" (expected e.g. 500ms, 30s, 2m, 1h30m)`);
    }
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
    return parts.reduce((sum, [, amount, u]) => sum + Number(amount) * unit[u as keyof typeof unit], 0);
}
