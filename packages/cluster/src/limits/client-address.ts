import ipaddr from 'ipaddr.js';

/**
 * The unit a client is limited by: an IPv4 address, or the /64 network of an IPv6 address (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client
 * rotate through 2^64 fresh limits, and fill Redis with their keys). IPv4-mapped IPv6 addresses
 * count as IPv4. ipaddr.js is Express's own address parser (via proxy-addr).
 */
export function clientAddress(ip: string | undefined): string {
    if (!ip) {
        return 'unknown';
    }
    try {
        const address = ipaddr.process(ip);
        if (address.kind() === 'ipv6') {
            const network = (address as ipaddr.IPv6).parts.slice(0, 4).map(part => part.toString(16));
            return `${network.join(':')}::/64`;
        }
        return address.toString();
    } catch {
        // Express only hands over addresses it parsed; bound anything else all the same.
        return `raw:${ip.slice(0, 64)}`;
    }
}
