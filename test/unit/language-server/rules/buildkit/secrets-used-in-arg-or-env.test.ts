import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { isSecretName, SECRETS_USED_IN_ARG_OR_ENV } from '../../../../../language-server/src/dockerfile/rules/buildkit/secrets-used-in-arg-or-env';
import { findings } from '../rule-harness';

describe('SecretsUsedInArgOrEnv', () => {
  test('reports secret-looking ARG and ENV names', () => {
    assert.deepEqual(findings(SECRETS_USED_IN_ARG_OR_ENV, 'FROM scratch\nARG GITHUB_TOKEN\nENV db_password=x\n'), [
      '1:0-1:16 Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN")',
      '2:0-2:17 Do not use ARG or ENV instructions for sensitive data (ENV "db_password")',
    ]);
  });

  test('words are _-separated; public, file and version names are allowed', () => {
    assert.deepEqual(['API_KEY', 'AUTH', 'Secret', 'KEYBOARD', 'PUBLIC_KEY', 'SECRET_FILE', 'KEY_VERSION', 'TOKENIZER'].map(isSecretName), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('ARGs before the first FROM are not looked at, as in BuildKit', () => {
    assert.deepEqual(findings(SECRETS_USED_IN_ARG_OR_ENV, 'ARG TOKEN\nFROM scratch\n'), []);
  });
});
