/**
 * Who a client is, for everything counted per client (the write limit, sign-in attempts): its IP
 * address, from the socket, or, when the config's `trustProxy` is true, the address the proxy in
 * front of us added to X-Forwarded-For (the last one: the ones before it are whatever the client
 * sent, and a client must not choose its own key). An IPv6 client is counted by its /64 (one
 * household or server has the whole block); an IPv4 address written as IPv6 as the IPv4 one.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import ipaddr from 'ipaddr.js';
import { header } from './headers.js';

export function clientKey(c: Context, trustProxy: boolean): string {
  return normalized(rawAddress(c, trustProxy));
}

function rawAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = header(c, 'x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

function normalized(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(':')}::/64`;
}
