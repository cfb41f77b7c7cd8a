import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  allowedHostHeaders,
  allowedHostnames,
  allowedOrigins,
  isWildcardHost,
  localOrigin,
  networkOrigins,
  urlHostname,
  type Interfaces,
} from './hosts';

function nic(address: string, internal = false): NetworkInterfaceInfo {
  const v6 = address.includes(':');
  return v6
    ? { address, family: 'IPv6', internal, netmask: '', mac: '', cidr: null, scopeid: 0 }
    : { address, family: 'IPv4', internal, netmask: '', mac: '', cidr: null };
}

/** A laptop on Wi-Fi and a VPN: loopback, a LAN address, a global and a link-local IPv6. */
const machine: Interfaces = {
  lo: [nic('127.0.0.1', true), nic('::1', true)],
  wlan0: [nic('192.168.1.20'), nic('2001:DB8::20'), nic('fe80::1c2:3ff:fe4a:5b6c')],
  tun0: [nic('10.8.0.6')],
};

describe('wildcard bind addresses', () => {
  it('recognises 0.0.0.0 and :: in any spelling, and nothing else', () => {
    for (const host of ['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']) expect(isWildcardHost(host), host).toBe(true);
    for (const host of ['127.0.0.1', '::1', '192.168.1.20', 'localhost', '0.0.0.1', 'example.com'])
      expect(isWildcardHost(host), host).toBe(false);
  });

  it('writes addresses the way browsers put them in Host and Origin', () => {
    expect(urlHostname('2001:DB8:0:0::20')).toBe('[2001:db8::20]');
    expect(urlHostname('fe80::1%wlan0')).toBe('[fe80::1]');
    expect(urlHostname('[::1]')).toBe('[::1]');
    expect(urlHostname('MyBox.Local')).toBe('mybox.local');
  });
});

describe('Host allow-list', () => {
  it('bound to 0.0.0.0: every IPv4 interface address plus the loopback names', () => {
    expect(allowedHostnames('0.0.0.0', machine).sort()).toEqual(
      ['10.8.0.6', '127.0.0.1', '192.168.1.20', '[::1]', 'localhost'].sort(),
    );
  });

  it('bound to :: (dual stack): the IPv6 addresses too', () => {
    const names = allowedHostnames('::', machine);
    expect(names).toEqual(
      expect.arrayContaining(['192.168.1.20', '10.8.0.6', '[2001:db8::20]', '[fe80::1c2:3ff:fe4a:5b6c]', 'localhost']),
    );
  });

  it('bound to one address: that address plus loopback, whatever the interfaces', () => {
    expect(allowedHostnames('192.168.1.20', machine).sort()).toEqual(
      ['127.0.0.1', '192.168.1.20', '[::1]', 'localhost'].sort(),
    );
    expect(allowedHostnames('127.0.0.1', machine).sort()).toEqual(['127.0.0.1', '[::1]', 'localhost'].sort());
    expect(allowedHostnames('2001:db8::20', machine)).toContain('[2001:db8::20]');
  });

  it('pairs each name with the port; on port 80 the bare name too', () => {
    const headers = allowedHostHeaders('0.0.0.0', 8123, machine);
    expect(headers.has('192.168.1.20:8123')).toBe(true);
    expect(headers.has('192.168.1.20')).toBe(false);
    expect(headers.has('192.168.1.20:8124')).toBe(false);
    expect(headers.has('evil.example:8123')).toBe(false);
    expect(allowedHostHeaders('0.0.0.0', 80, machine).has('192.168.1.20')).toBe(true);
  });

  it('accepts exactly the origins of the accepted hosts for the WebSocket', () => {
    const origins = allowedOrigins(allowedHostHeaders('0.0.0.0', 8123, machine));
    expect(origins.has('http://192.168.1.20:8123')).toBe(true);
    expect(origins.has('http://localhost:8123')).toBe(true);
    expect(origins.has('https://192.168.1.20:8123')).toBe(false);
    expect(origins.has('http://evil.example:8123')).toBe(false);
  });
});

describe('printed URLs', () => {
  it('bound to a wildcard: loopback for this machine, real addresses for the others (IPv4 first)', () => {
    expect(localOrigin('0.0.0.0', 8123)).toBe('http://127.0.0.1:8123');
    expect(localOrigin('::', 8123)).toBe('http://[::1]:8123');
    expect(networkOrigins('0.0.0.0', 8123, machine)).toEqual(['http://192.168.1.20:8123', 'http://10.8.0.6:8123']);
    // Link-local IPv6 needs a zone that browsers cannot take, so it is never printed.
    expect(networkOrigins('::', 8123, machine)).toEqual([
      'http://192.168.1.20:8123',
      'http://10.8.0.6:8123',
      'http://[2001:db8::20]:8123',
    ]);
  });

  it('bound to one address: that address, and no extra URLs', () => {
    expect(localOrigin('192.168.1.20', 8123)).toBe('http://192.168.1.20:8123');
    expect(localOrigin('::1', 8123)).toBe('http://[::1]:8123');
    expect(networkOrigins('192.168.1.20', 8123, machine)).toEqual([]);
    expect(networkOrigins('127.0.0.1', 8123, machine)).toEqual([]);
  });
});
