import type { ScalingResults } from './scaling-results';
import { scalingRows } from './scaling-summary';
import { boundLabel } from './scaling-table';

const WIDTH = 680;
const HEIGHT = 380;
const MARGIN = { top: 48, right: 30, bottom: 70, left: 70 };

/** A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least the maximum. */
export function niceCeiling(max: number): number {
    if (max <= 0) {
        return 1;
    }
    const power = 10 ** Math.floor(Math.log10(max));
    return [1, 2, 2.5, 5, 10].map(f => f * power).find(candidate => candidate >= max) ?? 10 * power;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * scaling.svg: the capacity line (median requests/s within the SLO per instance count), each
 * point with its min–max over the rounds, and the line of perfect scaling from the smallest
 * count for comparison. A count bounded by anything but the servers is drawn hollow and
 * labelled with its bound. Plain SVG with no scripts or fonts to fetch, so that GitHub renders it inline.
 */
export function scalingChart(results: Pick<ScalingResults, 'runs' | 'sloP95Ms'>, title = 'Capacity against server instances'): string {
    const rows = scalingRows(results).filter(row => row.capacityRps.n > 0);
    const plotW = WIDTH - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const base = rows[0];
    const ideal = (instances: number) => (base ? (base.capacityRps.median * instances) / base.instances : 0);
    const yMax = niceCeiling(Math.max(0, ...rows.map(r => r.capacityRps.max), ...rows.map(r => ideal(r.instances))));
    const slot = plotW / Math.max(1, rows.length);
    const x = (i: number) => MARGIN.left + slot * (i + 0.5);
    const y = (v: number) => MARGIN.top + plotH - (v / yMax) * plotH;

    const parts: string[] = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
        `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
        `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`,
        `<text x="${WIDTH / 2}" y="38" text-anchor="middle" fill="#4b5563">requests/s within p95 ≤ ${results.sloP95Ms} ms and 0 errors: median of the rounds, bars min–max</text>`,
    ];
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
        const ty = MARGIN.top + plotH - t * plotH;
        parts.push(
            `<line x1="${MARGIN.left}" y1="${ty}" x2="${MARGIN.left + plotW}" y2="${ty}" stroke="#e5e7eb"/>`,
            `<text x="${MARGIN.left - 8}" y="${ty + 4}" text-anchor="end">${fmt(yMax * t)}</text>`,
        );
    }
    if (rows.length > 1) {
        const points = rows.map((r, i) => `${x(i)},${y(ideal(r.instances))}`).join(' ');
        parts.push(`<polyline class="ideal" points="${points}" fill="none" stroke="#9ca3af" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    }
    parts.push(`<polyline class="capacity" points="${rows.map((r, i) => `${x(i)},${y(r.capacityRps.median)}`).join(' ')}" fill="none" stroke="#1d4ed8" stroke-width="2.5"/>`);
    rows.forEach((r, i) => {
        const cx = x(i);
        parts.push(
            `<line class="spread" x1="${cx}" y1="${y(r.capacityRps.min)}" x2="${cx}" y2="${y(r.capacityRps.max)}" stroke="#1d4ed8" stroke-width="1.5"/>`,
            `<line x1="${cx - 6}" y1="${y(r.capacityRps.min)}" x2="${cx + 6}" y2="${y(r.capacityRps.min)}" stroke="#1d4ed8" stroke-width="1.5"/>`,
            `<line x1="${cx - 6}" y1="${y(r.capacityRps.max)}" x2="${cx + 6}" y2="${y(r.capacityRps.max)}" stroke="#1d4ed8" stroke-width="1.5"/>`,
            r.serverBound
                ? `<circle class="median" cx="${cx}" cy="${y(r.capacityRps.median)}" r="5" fill="#1d4ed8"/>`
                : `<circle class="median not-server-bound" cx="${cx}" cy="${y(r.capacityRps.median)}" r="6" fill="#ffffff" stroke="#c2410c" stroke-width="2.5"/>`,
            `<text x="${cx + 10}" y="${y(r.capacityRps.median) - 8}" fill="#1d4ed8">${fmt(r.capacityRps.median)}</text>`,
            `<text x="${cx}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${r.instances}</text>`,
        );
        if (!r.serverBound) {
            parts.push(`<text class="bound" x="${cx}" y="${MARGIN.top + plotH + 34}" text-anchor="middle" fill="#c2410c">⚠ ${escape(boundLabel(r.bound))}</text>`);
        }
    });
    parts.push(
        `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}" stroke="#374151"/>`,
        `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">server instances` +
            ' (— capacity, - - - perfect scaling from the first, ○ bounded by something other than the servers)</text>',
        `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">requests / s at capacity</text>`,
        '</svg>',
        '',
    );
    return parts.join('\n');
}
