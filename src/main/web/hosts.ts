/**
 * Which names the web host answers to. The Host header is checked against this list so a page on
 * an attacker's domain that rebinds its DNS to us is refused; the WebSocket's Origin is checked
 * against the same list. Plain functions over an injected interface list, so they are unit-tested.
 */
import { isIP } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

/** The shape of os.networkInterfaces(). */
export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Loopback always works, whatever the bind address: the machine's own browser uses it. */
const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** True for "every address of this machine": 0.0.0.0 and :: (in any spelling). */
export function isWildcardHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) === 4) return bare === '0.0.0.0';
  if (isIP(bare) === 6) return urlHostname(bare) === '[::]';
  return false;
}

/**
 * An address as browsers write it in URLs, Host and Origin: lower case, IPv6 compressed and in
 * brackets. A zone (fe80::1%eth0) is dropped: browsers cannot put one in a URL anyway.
 */
export function urlHostname(address: string): string {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIP(bare) === 6) {
    try {
      return new URL(`http://[${bare}]/`).hostname;
    } catch {
      return `[${bare.toLowerCase()}]`;
    }
  }
  return bare.toLowerCase();
}

/** Addresses the wildcard bind really listens on: 0.0.0.0 is IPv4 only, :: is both (dual stack). */
function boundAddresses(bindHost: string, interfaces: Interfaces): string[] {
  const ipv4Only = isIP(bindHost.replace(/^\[(.*)\]$/, '$1')) === 4;
  const addresses: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (ipv4Only && isIP(info.address) !== 4) continue;
      addresses.push(info.address);
    }
  }
  return addresses;
}

/**
 * Host names (no port) requests may name: loopback, plus the bind address, or every interface
 * address when bound to a wildcard.
 */
export function allowedHostnames(bindHost: string, interfaces: Interfaces): string[] {
  const names = new Set(LOOPBACK_HOSTNAMES);
  if (isWildcardHost(bindHost)) {
    for (const address of boundAddresses(bindHost, interfaces)) names.add(urlHostname(address));
  } else {
    names.add(urlHostname(bindHost));
  }
  return [...names];
}

/** Exact Host header values accepted; on port 80 browsers leave the port out. */
export function allowedHostHeaders(bindHost: string, port: number, interfaces: Interfaces): Set<string> {
  const headers = new Set<string>();
  for (const name of allowedHostnames(bindHost, interfaces)) {
    headers.add(`${name}:${port}`);
    if (port === 80) headers.add(name);
  }
  return headers;
}

/** Origins a WebSocket upgrade may come from: exactly the pages served under an accepted Host. */
export function allowedOrigins(hostHeaders: Iterable<string>): Set<string> {
  return new Set([...hostHeaders].map((h) => `http://${h}`));
}

/** The origin for this machine's own browser: loopback when bound to a wildcard. */
export function localOrigin(bindHost: string, port: number): string {
  if (!isWildcardHost(bindHost)) return `http://${urlHostname(bindHost)}:${port}`;
  return isIP(bindHost.replace(/^\[(.*)\]$/, '$1')) === 4 ? `http://127.0.0.1:${port}` : `http://[::1]:${port}`;
}

/**
 * Origins another machine can open when bound to a wildcard: one per non-loopback interface
 * address, IPv4 first. Link-local IPv6 (fe80::/10) is left out: it needs a zone browsers cannot
 * take. Empty for a specific bind address (the local origin already names it).
 */
export function networkOrigins(bindHost: string, port: number, interfaces: Interfaces): string[] {
  if (!isWildcardHost(bindHost)) return [];
  const usable: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal) continue;
      if (isIP(info.address) === 6 && /^fe[89ab]/i.test(info.address)) continue;
      usable.push(info.address);
    }
  }
  const bound = new Set(boundAddresses(bindHost, interfaces));
  return usable
    .filter((address) => bound.has(address))
    .sort((a, b) => isIP(a) - isIP(b))
    .map((address) => `http://${urlHostname(address)}:${port}`);
}
