import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Whether a URL attachment may not be fetched from this address unless allowed: anything but ordinary public
 * unicast (loopback, private, link-local, site-local, reserved, multicast…), by ipaddr.js's ranges. An IPv6
 * address that carries an IPv4 one (mapped, translated, NAT64, 6to4, Teredo, IPv4-compatible) is judged by the
 * address it carries, since that is where the packets end up. What is not an address at all is refused.
 */
export function isPrivateAddress(text: string): boolean {
  if (!ipaddr.isValid(text)) return true;
  return !isPublic(ipaddr.parse(text));
}

function isPublic(address: Address): boolean {
  if (address.kind() === 'ipv4') return address.range() === 'unicast';
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  const carried = embeddedIPv4(v6, range);
  if (carried === null) return false;
  if (carried) return isPublic(carried);
  return range === 'unicast';
}

/** The IPv4 address an IPv6 one carries; undefined when it carries none; null when where it sits is unknown. */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | null | undefined {
  const [p0, p1, p2, p3, p4, p5, p6 = 0, p7 = 0] = address.parts;
  const fromWords = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return fromWords(p6, p7);
    case 'rfc6052': // 64:ff9b::a.b.c.d; the local-use 64:ff9b:1::/48 may put it anywhere
      return p2 === 0 ? fromWords(p6, p7) : null;
    case '6to4': // 2002:AABB:CCDD::/48
      return fromWords(p1 ?? 0, p2 ?? 0);
    case 'teredo': // the client's address, inverted, in the last 32 bits
      return fromWords(~p6 & 0xffff, ~p7 & 0xffff);
  }
  // ::a.b.c.d, the deprecated IPv4-compatible form (:: and ::1 are themselves)
  if ([p0, p1, p2, p3, p4, p5].every((part) => part === 0) && (p6 !== 0 || p7 > 1)) return fromWords(p6, p7);
  return undefined;
}
