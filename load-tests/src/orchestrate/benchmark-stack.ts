/**
 * nginx's per-address limits, raised for a benchmark's run: the load driver is one address, and
 * a benchmark measures the servers, not the protection every shop keeps in production. (nginx
 * refuses a `limit_conn` of 65536 or more.)
 */
export const RAISED_NGINX_LIMITS: Record<string, string> = {
    NGINX_ADMIN_API_RATE: '10000r/s',
    NGINX_ADMIN_API_BURST: '10000',
    NGINX_SHOP_API_RATE: '10000r/s',
    NGINX_SHOP_API_BURST: '10000',
    NGINX_SHOP_API_CONNECTIONS: '10000',
};
