import { isIPv6 } from 'node:net';

/**
 * The key a client address is limited under: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by its /64 prefix, since
 * one host usually holds a whole /64 and could otherwise rotate through addresses to escape the limits.
 */
export function clientKey(address: string | undefined): string {
  if (!address) {
    return 'unknown';
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) {
    return mapped[1];
  }
  if (!isIPv6(address)) {
    return address;
  }
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}
