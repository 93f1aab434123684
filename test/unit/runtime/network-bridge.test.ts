import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HutchError } from '../../../helper/src/errors';
import { bridgeRules, jumpRules, resolveBridgeConfig } from '../../../helper/src/runtime/network/bridge';
import { hostInterfaceName } from '../../../helper/src/runtime/network/index';

function isHutchError(code: string, pattern: RegExp) {
  return (error: unknown) => error instanceof HutchError && error.code === code && pattern.test(error.message);
}

describe('resolveBridgeConfig', () => {
  test('defaults to hutch0 at 10.88.0.1 in 10.88.0.0/16', () => {
    assert.deepEqual(resolveBridgeConfig(), { name: 'hutch0', subnet: '10.88.0.0/16', gateway: '10.88.0.1', mtu: 0 });
  });

  const invalid: [string, Parameters<typeof resolveBridgeConfig>[0], RegExp][] = [
    ['a 16-character name', { name: 'a'.repeat(16) }, /bridge name/],
    ['a name with a space', { name: 'hutch 0' }, /bridge name/],
    ['a subnet with host bits', { subnet: '10.88.0.1/16' }, /has host bits set/],
    ['a /31 subnet', { subnet: '10.88.0.0/31', gateway: '10.88.0.1' }, /no room for containers/],
    ['a gateway outside the subnet', { gateway: '10.89.0.1' }, /gateway 10\.89\.0\.1 is not a host address/],
    ['the network address as gateway', { gateway: '10.88.0.0' }, /gateway 10\.88\.0\.0/],
    ['an MTU of 100', { mtu: 100 }, /MTU 100/],
  ];
  for (const [name, overrides, message] of invalid) {
    test(`rejects ${name}`, () => {
      assert.throws(() => resolveBridgeConfig(overrides), isHutchError('invalid-argument', message));
    });
  }
});

describe('bridge rules', () => {
  const config = resolveBridgeConfig();
  const lines = bridgeRules(config).map((rule) => `${rule.table} ${rule.chain} ${rule.spec.join(' ')}`);

  test('masquerade the subnet leaving through other interfaces, and loopback sources entering the bridge', () => {
    assert.ok(lines.includes('nat HUTCH-POSTROUTING -s 10.88.0.0/16 ! -o hutch0 -m comment --comment hutch-bridge:hutch0 -j MASQUERADE'));
    assert.ok(lines.includes('nat HUTCH-POSTROUTING -s 127.0.0.0/8 -o hutch0 -m comment --comment hutch-bridge:hutch0 -j MASQUERADE'));
  });

  test('forward from the bridge, and to it for replies and published ports', () => {
    assert.ok(lines.includes('filter HUTCH-FORWARD -i hutch0 -m comment --comment hutch-bridge:hutch0 -j ACCEPT'));
    assert.ok(lines.includes('filter HUTCH-FORWARD -o hutch0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment hutch-bridge:hutch0 -j ACCEPT'));
    assert.ok(lines.includes('filter HUTCH-FORWARD -o hutch0 -m conntrack --ctstate DNAT -m comment --comment hutch-bridge:hutch0 -j ACCEPT'));
  });

  test('containers cannot open connections to the host\'s loopback services', () => {
    assert.ok(
      lines.includes(
        'filter HUTCH-INPUT -i hutch0 -d 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED -m comment --comment hutch-bridge:hutch0 -j DROP',
      ),
    );
  });

  test('every bridge rule is tagged with the bridge, so removal is exact', () => {
    assert.ok(lines.every((line) => line.includes('--comment hutch-bridge:hutch0')));
  });

  test('PREROUTING never sends loopback destinations to HUTCH-DNAT; OUTPUT does', () => {
    const jumps = jumpRules().map(({ rule }) => `${rule.table} ${rule.chain} ${rule.spec.join(' ')}`);
    assert.ok(jumps.includes('nat PREROUTING ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -m comment --comment hutch -j HUTCH-DNAT'));
    assert.ok(jumps.includes('nat OUTPUT -m addrtype --dst-type LOCAL -m comment --comment hutch -j HUTCH-DNAT'));
  });
});

describe('hostInterfaceName', () => {
  test('is "hv" and the first 10 characters of the id, within the 15-character limit', () => {
    assert.equal(hostInterfaceName('0123456789abcdef'), 'hv0123456789');
    assert.equal(hostInterfaceName('short'), 'hvshort');
  });
});
