/**
 * The `hutch` command-line parser and value parsers: long and short options, grouped short
 * flags, --opt=value, options stopping at the first positional (so the container command keeps
 * its own flags), "--", and usage errors that name the option.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HutchError } from '../../../helper/src/errors';
import {
  flag,
  multiple,
  parseArguments,
  parseBytes,
  parseEnv,
  parseInteger,
  parseNumber,
  parsePublish,
  parseUser,
  parseVolume,
  single,
  type OptionSpec,
} from '../../../helper/src/cli/arguments';

const SPECS: OptionSpec[] = [
  { name: 'detach', short: 'd', description: '' },
  { name: 'tty', short: 't', description: '' },
  { name: 'interactive', short: 'i', description: '' },
  { name: 'name', value: 'single', description: '' },
  { name: 'env', short: 'e', value: 'multiple', description: '' },
  { name: 'publish', short: 'p', value: 'multiple', description: '' },
  { name: 'workdir', short: 'w', value: 'single', description: '' },
];

function parse(argv: string[]): ReturnType<typeof parseArguments> {
  return parseArguments(argv, SPECS, 'run');
}

function usageError(argv: string[], message: RegExp): void {
  assert.throws(
    () => parse(argv),
    (error: unknown) => {
      assert.ok(error instanceof HutchError);
      assert.equal(error.code, 'usage');
      assert.match(error.message, message);
      assert.match(error.hint ?? '', /hutch run --help/);
      return true;
    },
  );
}

function invalid(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof HutchError && error.code === 'invalid-argument' && message.test(error.message));
}

describe('parseArguments', () => {
  test('long flags, long options with a separate value and with =value', () => {
    const parsed = parse(['--detach', '--name', 'box', '--workdir=/src', '--env=A=1', '/rootfs']);
    assert.ok(flag(parsed, 'detach'));
    assert.equal(single(parsed, 'name'), 'box');
    assert.equal(single(parsed, 'workdir'), '/src');
    assert.deepEqual(multiple(parsed, 'env'), ['A=1'], 'only the first "=" splits name from value');
    assert.deepEqual(parsed.positionals, ['/rootfs']);
  });

  test('grouped short flags (-dit) set each flag', () => {
    const parsed = parse(['-dit', '/rootfs']);
    assert.ok(flag(parsed, 'detach') && flag(parsed, 'interactive') && flag(parsed, 'tty'));
  });

  test('a value-taking short option ends its group: -dp8080:80 and -dp 8080:80', () => {
    assert.deepEqual(multiple(parse(['-dp8080:80', '/rootfs']), 'publish'), ['8080:80']);
    const separate = parse(['-dp', '8080:80', '/rootfs']);
    assert.ok(flag(separate, 'detach'));
    assert.deepEqual(multiple(separate, 'publish'), ['8080:80']);
    assert.deepEqual(separate.positionals, ['/rootfs']);
  });

  test('repeated multiple-value options collect in order', () => {
    assert.deepEqual(multiple(parse(['-e', 'A=1', '--env', 'B=2', '-eC=3', '/rootfs']), 'env'), ['A=1', 'B=2', 'C=3']);
  });

  test('options stop at the first positional: the command keeps its own flags', () => {
    const parsed = parse(['-d', '/rootfs', 'sh', '-c', 'ls -l', '--name', 'x']);
    assert.deepEqual(parsed.positionals, ['/rootfs', 'sh', '-c', 'ls -l', '--name', 'x']);
    assert.equal(single(parsed, 'name'), undefined);
  });

  test('for commands without a container command, options may follow positionals (`rm web -f`)', () => {
    const parsed = parseArguments(['web', '-d', 'db', '--name=x'], SPECS, 'rm', false);
    assert.deepEqual(parsed.positionals, ['web', 'db']);
    assert.ok(flag(parsed, 'detach'));
    assert.equal(single(parsed, 'name'), 'x');
    assert.deepEqual(parseArguments(['web', '--', '-d'], SPECS, 'rm', false).positionals, ['web', '-d'], '"--" still ends the options');
  });

  test('"--" ends the options, even before something that looks like one', () => {
    assert.deepEqual(parse(['-d', '--', '--rootfs-with-dashes', 'x']).positionals, ['--rootfs-with-dashes', 'x']);
  });

  test('a lone "-" is a positional', () => {
    assert.deepEqual(parse(['-']).positionals, ['-']);
  });

  test('absent options read as unset', () => {
    const parsed = parse([]);
    assert.equal(flag(parsed, 'detach'), false);
    assert.equal(single(parsed, 'name'), undefined);
    assert.deepEqual(multiple(parsed, 'env'), []);
    assert.deepEqual(parsed.positionals, []);
  });

  test('usage errors name the option', () => {
    usageError(['--bogus'], /run: unknown option --bogus/);
    usageError(['-dx'], /unknown option -x/);
    usageError(['--name'], /option --name needs a value/);
    usageError(['-w'], /option --workdir needs a value/);
    usageError(['--detach=yes'], /option --detach takes no value/);
    usageError(['--name', 'a', '--name', 'b'], /option --name is given twice/);
  });
});

describe('value parsers', () => {
  test('parseBytes takes Docker units (base 1024) and refuses the rest naming the value', () => {
    assert.equal(parseBytes('512m', 'memory'), 512 * 1024 ** 2);
    assert.equal(parseBytes('2g', 'memory'), 2 * 1024 ** 3);
    assert.equal(parseBytes('1.5k', 'memory'), 1536);
    assert.equal(parseBytes('100', 'memory'), 100);
    assert.equal(parseBytes('64MiB', 'memory'), 64 * 1024 ** 2);
    invalid(() => parseBytes('lots', 'memory limit'), /memory limit "lots" is not a size/);
    invalid(() => parseBytes('-1m', 'memory limit'), /"-1m"/);
  });

  test('parseInteger and parseNumber refuse what is not a whole / positive number', () => {
    assert.equal(parseInteger('20', 'pids limit', 1), 20);
    invalid(() => parseInteger('0', 'pids limit', 1), /pids limit "0" must be a whole number of at least 1/);
    invalid(() => parseInteger('1.5', 'pids limit'), /"1.5"/);
    assert.equal(parseNumber('1.5', 'cpus'), 1.5);
    invalid(() => parseNumber('0', 'cpus'), /cpus "0" must be a positive number/);
    invalid(() => parseNumber('x', 'cpus'), /cpus "x"/);
  });

  test('parsePublish reads [IP:]HOST:CONTAINER[/proto], tcp by default', () => {
    assert.deepEqual(parsePublish('8080:80'), { hostPort: 8080, containerPort: 80, protocol: 'tcp' });
    assert.deepEqual(parsePublish('0.0.0.0:53:53/udp'), { hostIp: '0.0.0.0', hostPort: 53, containerPort: 53, protocol: 'udp' });
    invalid(() => parsePublish('80'), /port "80" is not \[IP:\]HOSTPORT:CONTAINERPORT/);
    invalid(() => parsePublish('80:80/sctp'), /port "80:80\/sctp"/);
  });

  test('parseVolume reads SOURCE:TARGET[:ro|rw]', () => {
    assert.deepEqual(parseVolume('/src:/work'), { source: '/src', target: '/work', readonly: false });
    assert.deepEqual(parseVolume('/src:/work:ro'), { source: '/src', target: '/work', readonly: true });
    invalid(() => parseVolume('/src'), /volume "\/src" is not SOURCE:TARGET\[:ro\]/);
    invalid(() => parseVolume('/src:/work:rx'), /volume mode "rx" must be ro or rw/);
  });

  test('parseUser reads UID[:GID], the gid defaulting to the uid', () => {
    assert.deepEqual(parseUser('1000'), { uid: 1000, gid: 1000 });
    assert.deepEqual(parseUser('1000:5'), { uid: 1000, gid: 5 });
    invalid(() => parseUser('dev'), /user "dev" must be UID or UID:GID/);
  });

  test('parseEnv reads KEY=VALUE and copies a bare KEY from this process', () => {
    process.env.HUTCH_ARGUMENTS_TEST = 'from-here';
    try {
      assert.deepEqual(parseEnv(['A=1', 'B=x=y', 'EMPTY=', 'HUTCH_ARGUMENTS_TEST', 'HUTCH_UNSET_VARIABLE']), {
        A: '1',
        B: 'x=y',
        EMPTY: '',
        HUTCH_ARGUMENTS_TEST: 'from-here',
      });
    } finally {
      delete process.env.HUTCH_ARGUMENTS_TEST;
    }
    invalid(() => parseEnv(['=x']), /environment entry "=x" has no name/);
  });
});
