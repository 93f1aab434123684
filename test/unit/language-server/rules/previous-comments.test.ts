import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { parseDockerfile } from '../../../../language-server/src/dockerfile/parser';
import { attachedComments } from '../../../../language-server/src/dockerfile/rules/previous-comments';

function commentsOf(text: string): string[][] {
  const dockerfile = parseDockerfile(text);
  const attached = attachedComments(dockerfile);
  return dockerfile.instructions.map((i) => attached.get(i) ?? []);
}

describe('attached comments', () => {
  test('the comment lines directly above, trimmed, top to bottom', () => {
    assert.deepEqual(commentsOf('#  one  \n# two\nFROM scratch\nRUN x\n'), [['one', 'two'], []]);
  });

  test('an empty line or an empty comment detaches what is above it', () => {
    assert.deepEqual(commentsOf('# a\n\nFROM scratch\n# b\n#\n# c\nRUN x\n'), [[], ['c']]);
  });

  test('parser directives are not comments', () => {
    assert.deepEqual(commentsOf('# check=skip=all\n# syntax=x\nFROM scratch\n'), [[]]);
  });
});
