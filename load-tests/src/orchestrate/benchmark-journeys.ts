/**
 * What the benchmarks drive unless told otherwise: browsing, search and an anonymous cart (whose
 * order session travels between instances through the shared session cache). The journeys that
 * log in on every iteration (admin, cart-customer) are left out: at benchmark rates the servers'
 * login limiter (packages/cluster/src/limits, a security default) and nginx's per-address limits
 * would answer many of them 429, and the run would measure the limits.
 */
export const BENCHMARK_JOURNEYS = ['browse', 'search', 'cart-anonymous'];

export const JOURNEYS_USAGE = `  --journeys LIST    journeys to drive (default ${BENCHMARK_JOURNEYS.join(',')}; the mix's login-per-
                      iteration journeys would measure the login limiter)`;

/** `--journeys a,b` → ['a', 'b']; absent → the default above. Unknown names fail in the driver. */
export function parseJourneys(text: string | undefined): string[] {
    const names = (text ?? '').split(/[\s,]+/).filter(Boolean);
    return names.length ? names : BENCHMARK_JOURNEYS;
}
