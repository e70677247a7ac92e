export interface Spread {
    median: number;
    min: number;
    max: number;
    /** How many values it summarises. */
    n: number;
}

/** Median (the mean of the middle two for an even count), min and max of repeated measurements. */
export function spread(values: readonly number[]): Spread {
    if (!values.length) {
        return { median: 0, min: 0, max: 0, n: 0 };
    }
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** The most frequent value; ties go to the one seen first. */
export function mode<T>(values: readonly T[]): T | undefined {
    const counts = new Map<T, number>();
    for (const value of values) {
        counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    let best: T | undefined;
    let bestCount = 0;
    for (const [value, count] of counts) {
        if (count > bestCount) {
            best = value;
            bestCount = count;
        }
    }
    return best;
}
