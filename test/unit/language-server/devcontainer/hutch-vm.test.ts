/** customizations.hutch and its vm (schema.ts HUTCH_VM_SCHEMA, vm.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { check, DEFAULT_FILES, textAt } from './fixtures';

const FILES = {
  ...DEFAULT_FILES,
  '/project/.devcontainer/setup.sh': 'apt-get install -y make\n',
  '/project/.devcontainer/vmlinuz': '',
  '/project/src': null,
};

function vm(body: string): string {
  return `{"customizations": {"hutch": {"vm": ${body}}}}`;
}

describe('devcontainer/invalid-hutch-vm', () => {
  test('a complete, valid VM description passes', () => {
    const text = vm(
      '{"box": "debian-12", "cpus": 4, "memory": "4gb", "disk": "40gb", "machine": "q35", "accelerator": "auto",' +
        ' "kernel": {"image": "vmlinuz", "cmdline": "quiet"},' +
        ' "syncedFolders": [{"source": ".", "target": "/workspace"}, {"source": "src", "target": "/src", "type": "rsync", "readOnly": true}],' +
        ' "forwardPorts": [8080, {"guest": 5432, "host": 15432, "protocol": "tcp", "hostIp": "127.0.0.1"}],' +
        ' "provision": ["apt-get update", {"name": "tools", "path": "setup.sh", "args": ["-y"], "env": {"A": "b"}, "privileged": false, "run": "always"}],' +
        ' "snapshots": {"policy": "after-provision", "memory": false, "keep": 3}}',
    );
    assert.deepEqual(check(text, { files: FILES }), []);
  });

  test('schema problems below vm belong to this rule, in the editor too', () => {
    const text = vm('{"box": "b", "cpus": "2", "memroy": "1gb", "machine": "pc", "disk": "40GB"}');
    const findings = check(text, { files: FILES, schemaFindings: false });
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/invalid-hutch-vm', '"2"'],
      ['devcontainer/invalid-hutch-vm', '"memroy"'],
      ['devcontainer/invalid-hutch-vm', '"pc"'],
      ['devcontainer/invalid-hutch-vm', '"40GB"'],
    ]);
    assert.match(findings[1]!.message, /did you mean "memory"\?/);
    assert.match(findings[3]!.message, /a size with a unit mb, gb or tb/);
  });

  test('box is required; provision takes inline or path, not both', () => {
    const text = vm('{"provision": [{"inline": "a", "path": "setup.sh"}, {"run": "once"}]}');
    const findings = check(text, { files: FILES });
    assert.deepEqual(findings.map((f) => f.message), [
      'customizations.hutch.vm needs the property "box"',
      'customizations.hutch.vm.provision[0] takes "inline" or "path", not both',
      'customizations.hutch.vm.provision[1] needs "inline" or "path"',
    ]);
    assert.equal(textAt(text, findings[0]!.range), '"vm"');
  });

  test('sizes too small, fewer resources than hostRequirements', () => {
    const text = `{"hostRequirements": {"cpus": 4, "memory": "8gb"}, "customizations": {"hutch": {"vm": {"box": "b", "cpus": 2, "memory": "4gb", "disk": "512mb"}}}}`;
    const findings = check(text, { files: FILES });
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['2', '"4gb"', '"512mb"']);
    assert.match(findings[0]!.message, /fewer than hostRequirements.cpus \(4\)/);
    assert.match(findings[1]!.message, /less than hostRequirements.memory/);
    assert.match(findings[2]!.message, /too small: a VM needs at least 1gb/);
  });

  test('files: box paths, kernel, provision scripts (relative to the devcontainer.json), synced sources (relative to the project)', () => {
    const text = vm(
      '{"box": "./boxes/dev.box", "kernel": {"initrd": "initrd.img"}, "provision": [{"path": "missing.sh"}],' +
        ' "syncedFolders": [{"source": "nope", "target": "/n"}, {"source": "gone", "target": "/g", "disabled": true}]}',
    );
    const findings = check(text, { files: FILES });
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['"./boxes/dev.box"', '"initrd.img"', '"missing.sh"', '"nope"']);
    assert.match(findings[3]!.message, /\/project\/nope.*relative to the project folder/);
    assert.match(findings[2]!.message, /\/project\/\.devcontainer\/missing\.sh/);
  });

  test('synced folder targets: absolute and distinct; host IPs are addresses', () => {
    const text = vm('{"box": "b", "syncedFolders": [{"source": ".", "target": "work"}, {"source": "src", "target": "/src"}, {"source": ".", "target": "/src/"}], "forwardPorts": [{"guest": 1, "hostIp": "localhost"}]}');
    const findings = check(text, { files: FILES });
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['"work"', '"/src/"', '"localhost"']);
  });
});

describe('devcontainer/invalid-hutch-customization', () => {
  test('an unknown key under customizations.hutch', () => {
    const text = '{"image": "x", "customizations": {"hutch": {"vn": {}}}}';
    const [finding] = check(text, { schemaFindings: false });
    assert.equal(finding!.ruleId, 'devcontainer/invalid-hutch-customization');
    assert.equal(textAt(text, finding!.range), '"vn"');
    assert.match(finding!.message, /did you mean "vm"\?/);
  });

  test('customizations.hutch must be an object', () => {
    assert.equal(check('{"image": "x", "customizations": {"hutch": true}}', { schemaFindings: false })[0]?.ruleId, 'devcontainer/invalid-hutch-customization');
  });
});
