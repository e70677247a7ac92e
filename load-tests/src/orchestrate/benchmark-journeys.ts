/**
 * What the benchmarks drive unless told otherwise: the whole mix of scenarios.json, as `nx run
 * load-test` does. Its logins are a user's, not a benchmark's: cart-customer signs in once per
 * session of a few journeys, admin once per virtual user. What still stands in a benchmark's way
 * is that every request comes from one address:
 * - the servers' login limiter (packages/cluster/src/limits) runs only a few logins per client
 *   address at once, and past its wait answers 429;
 * - nginx limits both APIs per client address (NGINX_ADMIN_API_RATE, NGINX_SHOP_API_RATE, …).
 * The capacity ramp stays below nginx's limits unless the benchmark raises them (the scaling and
 * nginx benchmarks do, for their run); `--journeys browse,search,cart-anonymous` leaves the logins out.
 */
export const JOURNEYS_USAGE = `  --journeys LIST    journeys to drive (default the whole mix of scenarios.json)`;

/** `--journeys a,b` → ['a', 'b']; absent → undefined, the whole mix. Unknown names fail in the driver. */
export function parseJourneys(text: string | undefined): string[] | undefined {
    const names = (text ?? '').split(/[\s,]+/).filter(Boolean);
    return names.length ? names : undefined;
}
