/**
 * hadolint's DL3064: ARG and ENV values end up in the image's history and config, so names that
 * look like secrets (a list of well-known ones, and names containing api_key, client_key,
 * password, private, secret, token or username) should be passed as build secrets instead.
 * ONBUILD ARG and ONBUILD ENV are checked too. Each such name is reported.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile, Instruction } from '../../../ast';
import { parseArgDefinitions, parseKeyValues } from '../../key-value-arguments';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';
import { keyRange } from './key-range';

const MESSAGE = 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands';

export const DL3064 = hadolintRule('DL3064', 'Warning', 'Potentially sensitive data should not be used in the ARG or ENV commands', ({ dockerfile }) =>
  sensitiveNames(dockerfile),
);

const KNOWN_SENSITIVE_NAMES: ReadonlySet<string> = new Set([
  'ACCESS_TOKEN', 'APPLICATION_KEY', 'APP_SECRET', 'AUTH_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'BITTREX_API_KEY',
  'BITTREX_API_SECRET', 'CF_PASSWORD', 'CF_USERNAME', 'CIRCLE_TOKEN', 'CI_DEPLOY_PASSWORD', 'CI_DEPLOY_USER', 'DOCKERHUB_PASSWORD',
  'DOCKER_EMAIL', 'DOCKER_PASSWORD', 'DOCKER_USERNAME', 'FACEBOOK_ACCESS_TOKEN', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET',
  'FIREBASE_API_TOKEN', 'FIREBASE_TOKEN', 'FOSSA_API_KEY', 'GH_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_TOKEN',
  'HEROKU_API_KEY', 'HEROKU_API_USER', 'NPM_AUTH_TOKEN', 'NPM_TOKEN', 'OKTA_AUTHN_GROUPID', 'OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID', 'OKTA_OAUTH2_CLIENTSECRET', 'OPENAI_API_KEY', 'OS_PASSWORD', 'OS_USERNAME', 'POSTGRES_PASSWORD', 'SLACK_TOKEN',
  'STRIPE_API_KEY', 'STRIPE_DEVICE_NAME', 'TRAVIS_OS_NAME', 'TRAVIS_SECURE_ENV_VARS', 'TRAVIS_SUDO', 'VAULT_CLIENT_KEY', 'VAULT_TOKEN',
]);

const SUSPICIOUS_SUBSTRINGS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

export function isSensitiveName(name: string): boolean {
  const lower = name.toLowerCase();
  return KNOWN_SENSITIVE_NAMES.has(name.toUpperCase()) || SUSPICIOUS_SUBSTRINGS.some((part) => lower.includes(part));
}

function definedNames(instruction: Instruction, escapeChar: string): string[] {
  if (instruction.name === 'ARG') return parseArgDefinitions(instruction.argsText, escapeChar).definitions.map((d) => d.name);
  if (instruction.name === 'ENV') return parseKeyValues(instruction.argsText, escapeChar, 'ENV').pairs.map((p) => p.key);
  return [];
}

export function sensitiveNames(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const written of dockerfile.instructions) {
    const instruction = written.name === 'ONBUILD' && written.trigger ? written.trigger : written;
    for (const name of definedNames(instruction, dockerfile.escapeChar)) {
      if (isSensitiveName(name)) findings.push(report(DL3064, keyRange(dockerfile, instruction, name), MESSAGE));
    }
  }
  return findings;
}
