import { describe, expect, it } from 'vitest';
import { createIdentityProvider } from '../../src/index.js';
import { clientAddress, proxyTrust, trustEntryProblem } from '../../src/helpers/trusted-proxies.js';
import { memoryLogger } from '../support/start-idp.js';

describe('client address through trusted proxies', () => {
  const chain = '198.51.100.7, 10.0.0.2, 10.0.0.1';

  it('ignores X-Forwarded-For unless the peer is trusted', () => {
    expect(clientAddress('203.0.113.9', chain, proxyTrust(undefined))).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', chain, proxyTrust(false))).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', chain, proxyTrust(['10.0.0.0/8']))).toBe('203.0.113.9');
  });

  it('walks back through a list of trusted proxies (CIDRs and named ranges), stopping at the first untrusted hop', () => {
    expect(clientAddress('10.0.0.1', chain, proxyTrust(['10.0.0.0/8']))).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', '198.51.100.7, 10.0.0.1', proxyTrust(['loopback']))).toBe('10.0.0.1');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.7', proxyTrust(['loopback']))).toBe('198.51.100.7');
    expect(clientAddress('::1', '2001:db8::5', proxyTrust(['loopback']))).toBe('2001:db8::5');
    // A client-written entry before the real one is never reached.
    expect(clientAddress('10.0.0.1', '1.2.3.4, 198.51.100.7', proxyTrust(['10.0.0.0/8']))).toBe('198.51.100.7');
  });

  it('trusts exactly the given number of hops', () => {
    expect(clientAddress('10.0.0.1', chain, proxyTrust(1))).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', chain, proxyTrust(2))).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.1', chain, proxyTrust(3))).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', chain, proxyTrust(9))).toBe('198.51.100.7');
  });

  it('stops at an entry that is not an address', () => {
    expect(clientAddress('10.0.0.1', 'garbage, 10.0.0.3', proxyTrust(['10.0.0.0/8']))).toBe('garbage');
  });

  it('names what is wrong with a trustProxy entry', () => {
    expect(trustEntryProblem('10.0.0.0/8')).toBeUndefined();
    expect(trustEntryProblem('uniquelocal')).toBeUndefined();
    expect(trustEntryProblem('10.0.0.0/33')).toMatch(/prefix length/);
    expect(trustEntryProblem('proxy.internal')).toMatch(/not an IP address/);
  });
});

describe('edge options are checked at start-up', () => {
  const start = (extra: Record<string, unknown>) => createIdentityProvider({ issuer: 'http://127.0.0.1:1', logger: memoryLogger(), ...extra });

  it('refuses bad trustProxy entries, public origins and limits, naming the option', async () => {
    await expect(start({ trustProxy: ['10.0.0.0/99'] })).rejects.toThrow('trustProxy[0]');
    await expect(start({ publicOrigins: ['https://login.example.com/path'] })).rejects.toThrow('publicOrigins[0] must be an origin only');
    await expect(start({ publicOrigins: ['ftp://login.example.com'] })).rejects.toThrow('publicOrigins[0]');
    await expect(start({ publicOrigins: 'https://login.example.com' })).rejects.toThrow('publicOrigins must be an array');
    await expect(start({ requestLimits: { formBytes: 100 * 1024 } })).rejects.toThrow('requestLimits.formBytes');
    await expect(start({ requestLimits: { maxParams: 5 } })).rejects.toThrow('requestLimits.maxParams is not a known option');
    await expect(start({ clientAuthThrottle: { windowSeconds: 1.5 } })).rejects.toThrow('clientAuthThrottle.windowSeconds');
  });
});
