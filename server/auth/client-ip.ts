import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** The header the custom server sets to the client's address before handing a request to Next. */
export const CLIENT_IP_HEADER = 'x-dcdock-client-ip';

/** The path and query the browser asked for, so a page can send the user back there after sign-in. */
export const REQUEST_PATH_HEADER = 'x-dcdock-path';

/** `::ffff:10.0.0.1` is 10.0.0.1: IPv4 peers on a dual-stack socket. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/** Addresses and CIDR ranges from a comma list such as `10.0.0.0/8, 127.0.0.1, ::1`; throws on an invalid entry. */
export function parseTrustedProxies(list: string): BlockList {
  const blocks = new BlockList();
  for (const raw of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = '', bits] = raw.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`not an IP address or CIDR range: ${raw}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) blocks.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`invalid prefix length: ${raw}`);
      blocks.addSubnet(address, prefix, type);
    }
  }
  return blocks;
}

const trusted = (blocks: BlockList, address: string) => {
  const family = isIP(address);
  return family !== 0 && blocks.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/**
 * The client's address: the TCP peer, or, when the peer is a trusted proxy,
 * the right-most address in `X-Forwarded-For` that is not itself a trusted
 * proxy (entries to its left are whatever the client chose to send).
 */
export function clientAddress(req: IncomingMessage, config: { trustedProxies: BlockList }): string {
  const peer = plain(req.socket.remoteAddress ?? '');
  if (!peer) return 'unknown';
  if (!trusted(config.trustedProxies, peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => plain(s.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return peer; // a garbled chain: fall back to what we know
    if (!trusted(config.trustedProxies, hop)) return hop;
  }
  return hops[0] ?? peer;
}
