/**
 * Where Frontdesk may fetch an owner's calendar from. The owner's calendar server may well be on the
 * same machine or her own network (a Radicale at home), so loopback and private addresses are
 * allowed; never the addresses a request must not reach from a server: unspecified (0.0.0.0/8,
 * ::, which reach this very host), link-local (169.254.0.0/16, fe80::/10: cloud metadata services
 * live there), the known metadata addresses elsewhere (100.100.100.200, fd00:ec2::254), multicast,
 * broadcast and reserved ranges, IPv4 written inside IPv6 (::ffff:, NAT64, 6to4) included; and
 * never this Frontdesk server itself. Checked on the config at start and again on every address a
 * host name resolves to and every redirect, just before connecting.
 */
import ipaddr from 'ipaddr.js';
import { networkInterfaces } from 'node:os';

const FORBIDDEN_RANGES = new Set(['unspecified', 'linkLocal', 'multicast', 'broadcast', 'reserved']);
const METADATA = new Set(['100.100.100.200', 'fd00:ec2::254', '192.0.0.192']);
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** The IPv4 address carried inside an IPv6 one (mapped, NAT64 or 6to4), if any. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}

/** Why an IP address is never fetched from (owner's words), or undefined when it may be. */
export function forbiddenAddress(ip: string): string | undefined {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip.replace(/^\[|\]$/g, ''));
  } catch {
    return 'That is not a valid address.';
  }
  if (address.kind() === 'ipv6') address = embeddedIPv4(address as ipaddr.IPv6) ?? address;
  if (METADATA.has(address.toString())) return 'That is a cloud metadata address, which Frontdesk never fetches.';
  const range = address.range();
  if (range === 'linkLocal') return 'That is a link-local address (where cloud metadata services live), which Frontdesk never fetches.';
  if (FORBIDDEN_RANGES.has(range))
    return `That address (${range === 'unspecified' ? '0.0.0.0 or ::' : range}) is not one Frontdesk fetches from.`;
  return undefined;
}

/** This server's own address: its port, and its public URL's host and port if it has one. */
export interface OwnAddress {
  port?: number;
  publicUrl?: string;
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** True when `ip` is this machine's own (loopback or one of its interfaces). */
function isThisMachine(ip: string): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(ip);
  } catch {
    return false;
  }
  if (address.range() === 'loopback' || address.range() === 'unspecified') return true;
  const text = address.toString();
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => ipaddr.process(i.address.split('%')[0]!).toString() === text));
}

/** Why `url`'s host (before any DNS) is refused, or undefined. */
export function forbiddenHost(url: URL, self: OwnAddress = {}): string | undefined {
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (METADATA_HOSTS.has(host)) return 'That is a cloud metadata address, which Frontdesk never fetches.';
  if (ipaddr.isValid(host)) {
    const problem = forbiddenAddress(host);
    if (problem) return problem;
  }
  if (self.publicUrl) {
    const own = new URL(self.publicUrl);
    if (own.hostname.toLowerCase() === host && defaultPort(own) === defaultPort(url))
      return 'That is this Frontdesk server\u2019s own address.';
  }
  if (self.port && defaultPort(url) === self.port && (host === 'localhost' || (ipaddr.isValid(host) && isThisMachine(host)))) {
    return 'That is this Frontdesk server\u2019s own address.';
  }
  return undefined;
}

/** Why a resolved address (about to be connected to) is refused, or undefined. */
export function forbiddenConnection(ip: string, port: number, self: OwnAddress = {}): string | undefined {
  const problem = forbiddenAddress(ip);
  if (problem) return problem;
  if (self.port && port === self.port && isThisMachine(ip)) return 'That is this Frontdesk server\u2019s own address.';
  return undefined;
}
