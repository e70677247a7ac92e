import { build, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
    p50: number;
    p95: number;
    p99: number;
    max: number;
    mean: number;
}

const MICROS_PER_MS = 1000;
const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Latencies in an HDR histogram (the one autocannon and wrk2 keep): constant memory however many
 * requests a step sends, percentiles to 3 significant digits. Values are kept in microseconds,
 * since the histogram counts whole numbers.
 */
export class LatencyHistogram {
    private readonly histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });

    record(ms: number): void {
        this.histogram.recordValue(Math.max(1, Math.round(ms * MICROS_PER_MS)));
    }

    get count(): number {
        return this.histogram.totalCount;
    }

    add(other: LatencyHistogram): void {
        this.histogram.add(other.histogram);
    }

    summary(): LatencySummary {
        if (this.histogram.totalCount === 0) {
            return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
        }
        const max = round(this.histogram.maxValue / MICROS_PER_MS);
        // A percentile is the top of its bucket, which can lie above the largest value recorded.
        const at = (percentile: number) => Math.min(max, round(this.histogram.getValueAtPercentile(percentile) / MICROS_PER_MS));
        return {
            p50: at(50),
            p95: at(95),
            p99: at(99),
            max,
            mean: round(this.histogram.mean / MICROS_PER_MS),
        };
    }
}
