/** forwardPorts, appPort and the VM's forwardPorts (ports.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { parsePublishSpec } from '../../../../language-server/src/devcontainer/ports';
import { check, findingsOf, textAt } from './fixtures';

describe('devcontainer/invalid-port', () => {
  test('forwardPorts: port 0 and a "host:port" beyond 65535', () => {
    const text = '{"image": "x", "forwardPorts": [0, "db:99999", "db:5432", 8080]}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/invalid-port', '0'],
      ['devcontainer/invalid-port', '"db:99999"'],
    ]);
  });

  test('forwardPorts above 65535 are left to the schema (no double report)', () => {
    assert.deepEqual(check('{"image": "x", "forwardPorts": [70000]}').map((f) => f.ruleId), ['devcontainer/invalid-value']);
  });

  test('appPort numbers have no range in the schema, so they are checked here', () => {
    const text = '{"image": "x", "appPort": [0, 65536, 3000]}';
    assert.deepEqual(check(text).map((f) => textAt(text, f.range)), ['0', '65536']);
    assert.equal(check('{"image": "x", "appPort": 99999}', { schemaFindings: false })[0]?.ruleId, 'devcontainer/invalid-port');
  });

  test('appPort strings are Docker -p values', () => {
    const text = '{"image": "x", "appPort": ["8000:80", "127.0.0.1:9000:9000/udp", "[::1]:5000:5000", "5000-5005", "x:1", "80/icmp", "1-3:1-2", "999.1.1.1:80:80"]}';
    const findings = findingsOf(check(text), 'devcontainer/invalid-port');
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['"x:1"', '"80/icmp"', '"1-3:1-2"', '"999.1.1.1:80:80"']);
    assert.match(findings[0]!.message, /host port "x" is not a port/);
  });

  test('parsePublishSpec reads what Docker reads', () => {
    assert.deepEqual(parsePublishSpec('127.0.0.1:8000-8001:80-81/udp'), {
      ip: '127.0.0.1',
      host: { low: 8000, high: 8001 },
      container: { low: 80, high: 81 },
      protocol: 'udp',
    });
    assert.deepEqual(parsePublishSpec('3000'), { ip: null, host: null, container: { low: 3000, high: 3000 }, protocol: 'tcp' });
    assert.deepEqual(parsePublishSpec('0.0.0.0::3000'), { ip: '0.0.0.0', host: null, container: { low: 3000, high: 3000 }, protocol: 'tcp' });
    assert.equal(typeof parsePublishSpec('9-1'), 'string');
  });
});

describe('devcontainer/duplicate-port', () => {
  test('the same forward twice; 3000 and "localhost:3000" are the same', () => {
    const text = '{"image": "x", "forwardPorts": [3000, "db:5432", 3000, "localhost:3000", "db:5432"]}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/duplicate-port', '3000'],
      ['devcontainer/duplicate-port', '"localhost:3000"'],
      ['devcontainer/duplicate-port', '"db:5432"'],
    ]);
    assert.equal(findings[0]!.range.start.character, 49);
    assert.match(findings[0]!.message, /already forwarded at line 1/);
  });

  test('appPort publishing one host port twice (ranges overlap), per protocol', () => {
    const text = '{"image": "x", "appPort": [8000, "8000-8010:9000-9010", "8005/udp", "8005:8005/udp", "127.0.0.1:8005:8005/udp", "8005"]}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['"8000-8010:9000-9010"', '"127.0.0.1:8005:8005/udp"']);
  });

  test('a port both published by appPort and forwarded', () => {
    const text = '{"image": "x", "appPort": 3000, "forwardPorts": [3000]}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/duplicate-port');
    assert.match(finding!.message, /also published by appPort/);
  });

  test('VM forwards to the same host port', () => {
    const text = '{"customizations": {"hutch": {"vm": {"box": "b", "forwardPorts": [8080, {"guest": 80, "host": 8080}, {"guest": 8080, "protocol": "udp"}]}}}}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [['devcontainer/duplicate-port', '{"guest": 80, "host": 8080}']]);
  });

  test('distinct ports are fine', () => {
    assert.deepEqual(check('{"image": "x", "forwardPorts": [3000, 3001, "db:3000"], "appPort": ["8000:3000", 9000]}'), []);
  });
});
