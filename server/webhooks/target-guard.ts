// Webhook targets must be public: an admin (or a stolen admin token) must not turn DCDock into a probe
// of the network it runs in. Checked when an endpoint is saved and again on every connection, after DNS.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** Loopback, private, link-local, unique-local, carrier-grade NAT, multicast or reserved. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped (::ffff:10.0.0.1): judged as the IPv4 address it reaches.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

/** Why a URL cannot be a webhook target, or null. Syntax only, plus IP literals. */
export function refuseUrl(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Input should be a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The URL must start with http:// or https://';
  if (url.username || url.password) return 'Put credentials in the receiver, not in the URL';
  if (allowPrivate) return null;
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) return privateMessage;
  if (isIP(host) && isPrivateAddress(host)) return privateMessage;
  return null;
}

export const privateMessage = 'Private, loopback and link-local addresses are refused (set WEBHOOK_ALLOW_PRIVATE=1 for development)';

/** The host as DNS and isIP see it: without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

export type ResolvedTarget = { address: string; family: 4 | 6 };

/**
 * Resolves the host once; every address it has must be public (one private answer
 * is enough to refuse: a rebinding name may hand it out next). The connection then
 * goes to the returned address, so what was checked is what is reached.
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<ResolvedTarget> {
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) throw new TargetRefused(privateMessage);
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

export class TargetRefused extends Error {}
