import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HutchError } from '../../../helper/src/errors';
import { containerHosts, containerResolvConf } from '../../../helper/src/runtime/network/resolv';

function nameservers(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('nameserver '))
    .map((line) => line.slice('nameserver '.length));
}

describe('containerResolvConf', () => {
  test('keeps the host\'s IPv4 name servers and its search and options lines', () => {
    const host = '# managed by NetworkManager\nsearch corp.example\nnameserver 10.0.0.53\nnameserver 192.0.2.53\noptions ndots:2 edns0\n';
    const text = containerResolvConf('private', { resolvConf: host });
    assert.deepEqual(nameservers(text), ['10.0.0.53', '192.0.2.53']);
    assert.match(text, /^search corp\.example$/m);
    assert.match(text, /^options ndots:2 edns0$/m);
    assert.doesNotMatch(text, /NetworkManager/);
  });

  test('drops loopback and IPv6 servers, which a private namespace cannot reach', () => {
    const host = 'nameserver 127.0.0.53\nnameserver 127.0.0.1\nnameserver fe80::1%eth0\nnameserver 2001:db8::53\nnameserver 10.0.0.53\n';
    assert.deepEqual(nameservers(containerResolvConf('private', { resolvConf: host })), ['10.0.0.53']);
  });

  test('with only systemd-resolved\'s stub, uses resolved\'s upstream servers', () => {
    const text = containerResolvConf('private', {
      resolvConf: 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n',
      resolvedUpstream: 'nameserver 192.168.1.1\nnameserver 127.0.0.1\nsearch lan\n',
    });
    assert.deepEqual(nameservers(text), ['192.168.1.1']);
    assert.match(text, /systemd-resolved/);
    assert.match(text, /^search lan$/m);
  });

  test('with only loopback servers and no upstream list, has no name server and says why', () => {
    const text = containerResolvConf('private', { resolvConf: 'nameserver 127.0.0.1\n' });
    assert.deepEqual(nameservers(text), []);
    assert.match(text, /^# No name server: the host lists only loopback or IPv6 resolvers/m);
  });

  test('mode none is filtered like private', () => {
    assert.deepEqual(nameservers(containerResolvConf('none', { resolvConf: 'nameserver 127.0.0.53\nnameserver 10.1.1.1\n' })), ['10.1.1.1']);
  });

  test('mode host gets the host\'s file unchanged (loopback resolvers work there)', () => {
    const host = 'nameserver 127.0.0.53\noptions edns0\n';
    assert.equal(containerResolvConf('host', { resolvConf: host }), host);
  });
});

describe('containerHosts', () => {
  test('maps localhost on both loopbacks and the hostname to the container address', () => {
    assert.equal(
      containerHosts('devbox', '10.88.0.2'),
      '127.0.0.1\tlocalhost\n' +
        '::1\tlocalhost ip6-localhost ip6-loopback\n' +
        'ff02::1\tip6-allnodes\n' +
        'ff02::2\tip6-allrouters\n' +
        '10.88.0.2\tdevbox\n',
    );
  });

  test('without an address of its own, the hostname is on 127.0.1.1', () => {
    assert.match(containerHosts('devbox', undefined), /^127\.0\.1\.1\tdevbox$/m);
  });

  test('a fully qualified name also gets its short name', () => {
    assert.match(containerHosts('devbox.example.com', '10.88.0.2'), /^10\.88\.0\.2\tdevbox\.example\.com devbox$/m);
  });

  for (const bad of ['', 'has space', 'new\nline', '-leading', 'trailing-', 'a'.repeat(64), 'under_score']) {
    test(`rejects hostname ${JSON.stringify(bad)} as invalid-argument`, () => {
      assert.throws(
        () => containerHosts(bad, '10.88.0.2'),
        (error: unknown) => error instanceof HutchError && error.code === 'invalid-argument' && error.message.includes('hostname'),
      );
    });
  }
});
