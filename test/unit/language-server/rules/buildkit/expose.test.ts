import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { EXPOSE_INVALID_FORMAT } from '../../../../../language-server/src/dockerfile/rules/buildkit/expose-invalid-format';
import { parseExposedPort } from '../../../../../language-server/src/dockerfile/rules/buildkit/expose-port';
import { EXPOSE_PROTO_CASING } from '../../../../../language-server/src/dockerfile/rules/buildkit/expose-proto-casing';
import { findings } from '../rule-harness';

describe('ExposeProtoCasing', () => {
  test('reports an upper-case protocol, on the port', () => {
    assert.deepEqual(findings(EXPOSE_PROTO_CASING, 'FROM scratch\nEXPOSE 80/TCP 53/udp\n'), ["1:7-1:13 Defined protocol '80/TCP' in EXPOSE instruction should be lowercase"]);
  });

  test('does not report lower-case or missing protocols', () => {
    assert.deepEqual(findings(EXPOSE_PROTO_CASING, 'FROM scratch\nEXPOSE 80 443/tcp\n'), []);
  });
});

describe('ExposeInvalidFormat', () => {
  test('reports IP addresses and host ports, each port', () => {
    assert.deepEqual(findings(EXPOSE_INVALID_FORMAT, 'FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n'), [
      "1:7-1:22 EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'",
      "1:23-1:38 EXPOSE instruction should not define an IP address or host-port mapping, found '[::1]:8080:8080'",
      "1:39-1:48 EXPOSE instruction should not define an IP address or host-port mapping, found '5000:5000'",
    ]);
  });

  test('ports are expanded first', () => {
    assert.equal(findings(EXPOSE_INVALID_FORMAT, 'FROM scratch\nENV P=8080:80\nEXPOSE $P\n').length, 1);
  });

  test('splits a port as BuildKit does', () => {
    assert.deepEqual(parseExposedPort('[::1]:8080:80/udp'), { raw: '[::1]:8080:80/udp', ip: '[::1]', hostPort: '8080', containerPort: '80', protocol: 'udp' });
    assert.deepEqual(parseExposedPort('80'), { raw: '80', ip: '', hostPort: '', containerPort: '80', protocol: 'tcp' });
  });
});
