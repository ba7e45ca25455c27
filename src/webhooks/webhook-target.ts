import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The SSRF guard of webhook targets, applied when a subscription is made or changed and again at
 * each delivery, since DNS can change between the two: a delivery connects only to an address
 * checked here (`guardedLookup`). Only http(s) URLs without credentials, to public unicast
 * addresses. With `WEBHOOKS_ALLOW_PRIVATE_TARGETS`, loopback, private, link-local, shared (CGNAT)
 * and unique-local addresses are allowed too (on-premises installations); cloud metadata
 * addresses, multicast, broadcast, unspecified and reserved addresses never are.
 */

export interface TargetPolicy {
  allowPrivate: boolean;
}

/** Why a target is refused, in words safe to show its subscriber. */
export class TargetRefused extends Error {}

/** Ranges (ipaddr.js's names) that are private networks: refused unless the installation allows them. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'linkLocal', 'carrierGradeNat', 'uniqueLocal']);

/** Instance metadata services: never a target, whatever the setting. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '169.254.170.23', '100.100.100.200', 'fd00:ec2::254', '192.0.0.192']);
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** Checks the URL's form: scheme, credentials, host. Returns the parsed URL. */
export function checkTargetUrl(text: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetRefused('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused('must use http or https');
  if (url.username || url.password) throw new TargetRefused('must not carry credentials');
  const host = hostOf(url);
  if (!host) throw new TargetRefused('has no host');
  if (METADATA_HOSTS.has(host)) throw new TargetRefused('names a metadata host');
  if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw new TargetRefused('names a local host');
  return url;
}

/** The URL's host without IPv6 brackets or a trailing dot, lowercase. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/** Refuses an address the policy does not allow; IPv4-mapped and -compatible IPv6 forms are judged as the IPv4 address they carry. */
export function checkAddress(address: string, policy: TargetPolicy): void {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    throw new TargetRefused('resolves to an address that is not IP');
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const parts = v6.parts;
    const compatible = parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7] > 1);
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (compatible) parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12));
  }
  const normal = parsed.toNormalizedString();
  const canonical = parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toRFC5952String() : normal;
  if (METADATA_ADDRESSES.has(canonical)) throw new TargetRefused('is a cloud metadata address');
  const range = parsed.range();
  if (range === 'unicast') return;
  if (PRIVATE_RANGES.has(range)) {
    if (policy.allowPrivate) return;
    throw new TargetRefused(`is a ${describe(range)} address (set WEBHOOKS_ALLOW_PRIVATE_TARGETS=true to allow private targets)`);
  }
  throw new TargetRefused(`is a ${describe(range)} address`);
}

function describe(range: string): string {
  const words: Record<string, string> = {
    loopback: 'loopback',
    private: 'private',
    linkLocal: 'link-local',
    carrierGradeNat: 'shared (CGNAT)',
    uniqueLocal: 'unique-local',
    multicast: 'multicast',
    broadcast: 'broadcast',
    unspecified: 'unspecified',
  };
  return words[range] ?? `reserved (${range})`;
}

/** Every address the host stands for (itself, for an IP literal). */
export async function addressesOf(host: string): Promise<string[]> {
  if (ipaddr.isValid(host)) return [host];
  try {
    const found = await lookup(host, { all: true, verbatim: true });
    return found.map((entry) => entry.address);
  } catch {
    throw new TargetRefused('has a host that does not resolve');
  }
}

/** Checks the URL and every address its host resolves to now. */
export async function checkTarget(text: string, policy: TargetPolicy): Promise<URL> {
  const url = checkTargetUrl(text, policy);
  const addresses = await addressesOf(hostOf(url));
  if (addresses.length === 0) throw new TargetRefused('has a host that does not resolve');
  for (const address of addresses) checkAddress(address, policy);
  return url;
}

/**
 * The `lookup` of a delivery's connection: resolves the host, refuses it unless every address
 * passes, and connects to the first checked address (so the address checked is the one used).
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    addressesOf(hostname.replace(/^\[(.*)\]$/, '$1'))
      .then((addresses) => {
        if (addresses.length === 0) throw new TargetRefused('has a host that does not resolve');
        for (const address of addresses) checkAddress(address, policy);
        const family = (address: string) => (ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4);
        if (options?.all) callback(null, [{ address: addresses[0], family: family(addresses[0]) }]);
        else callback(null, addresses[0], family(addresses[0]));
      })
      .catch((error: unknown) => callback(error));
  }) as unknown as LookupFunction;
}
