import type { ScalingStep } from './scaling-results';

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 70, bottom: 50, left: 70 };

/** A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least the maximum. */
export function niceCeiling(max: number): number {
    if (max <= 0) {
        return 1;
    }
    const power = 10 ** Math.floor(Math.log10(max));
    return ([1, 2, 2.5, 5, 10].map(f => f * power).find(candidate => candidate >= max) ?? 10 * power);
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * scaling.svg: req/s (bars, left axis) and p95 latency (line, right axis) for each instance count.
 * Plain SVG with no scripts or fonts to fetch, so that GitHub renders it inline.
 */
export function scalingChart(steps: readonly ScalingStep[], title = 'Throughput and p95 latency against server instances'): string {
    const sorted = [...steps].sort((a, b) => a.instances - b.instances);
    const plotW = WIDTH - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const rpsMax = niceCeiling(Math.max(0, ...sorted.map(s => s.result.requestsPerSecond)));
    const p95Max = niceCeiling(Math.max(0, ...sorted.map(s => s.result.latencyMs.p95)));
    const slot = plotW / Math.max(1, sorted.length);
    const x = (i: number) => MARGIN.left + slot * (i + 0.5);
    const yRps = (v: number) => MARGIN.top + plotH - (v / rpsMax) * plotH;
    const yP95 = (v: number) => MARGIN.top + plotH - (v / p95Max) * plotH;
    const ticks = [0, 0.25, 0.5, 0.75, 1];

    const parts: string[] = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
        `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
        `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`,
    ];
    for (const t of ticks) {
        const y = MARGIN.top + plotH - t * plotH;
        parts.push(
            `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#e5e7eb"/>`,
            `<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end" fill="#1d4ed8">${fmt(rpsMax * t)}</text>`,
            `<text x="${MARGIN.left + plotW + 8}" y="${y + 4}" fill="#b91c1c">${fmt(p95Max * t)}</text>`,
        );
    }
    sorted.forEach((step, i) => {
        const barW = Math.min(60, slot * 0.5);
        const top = yRps(step.result.requestsPerSecond);
        parts.push(
            `<rect class="rps" x="${x(i) - barW / 2}" y="${top}" width="${barW}" height="${MARGIN.top + plotH - top}" fill="#93c5fd"/>`,
            `<text x="${x(i)}" y="${top - 6}" text-anchor="middle" fill="#1d4ed8">${fmt(step.result.requestsPerSecond)}</text>`,
            `<text x="${x(i)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${step.instances}</text>`,
        );
    });
    const points = sorted.map((step, i) => `${x(i)},${yP95(step.result.latencyMs.p95)}`).join(' ');
    parts.push(`<polyline class="p95" points="${points}" fill="none" stroke="#b91c1c" stroke-width="2"/>`);
    sorted.forEach((step, i) => parts.push(`<circle cx="${x(i)}" cy="${yP95(step.result.latencyMs.p95)}" r="4" fill="#b91c1c"/>`));
    parts.push(
        `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}" stroke="#374151"/>`,
        `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">server instances</text>`,
        `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#1d4ed8">requests / s (bars)</text>`,
        `<text transform="translate(${WIDTH - 14} ${MARGIN.top + plotH / 2}) rotate(90)" text-anchor="middle" fill="#b91c1c">p95 latency, ms (line)</text>`,
        '</svg>',
        '',
    );
    return parts.join('\n');
}
