/**
 * The value checks behind hadolint's label-schema rules, each after the Haskell library
 * hadolint uses: DL3052 network-uri's parseURI (an absolute URI), DL3053 timerep's
 * parseTimeRFC3339, DL3055 a short (7) or full (40) lower-case hex git hash, DL3056 semver's
 * fromText (SemVer 2.0.0, no leading 'v'), DL3058 email-validate (RFC 5322 addr-spec, without
 * comments or folding white space). DL3054 (a valid SPDX license id) is not here: it needs the
 * SPDX license list, which Hutch does not ship.
 */
import type { LabelTypeCheck } from './label-schema';
import { hadolintDocsUrl } from './hadolint-rule';

function info(id: string, description: string): LabelTypeCheck['info'] {
  return { id, source: 'hadolint', defaultSeverity: 'warning', description, docsUrl: hadolintDocsUrl(id) };
}

/** RFC 3986: scheme ":" then only characters a URI may hold (percent-escapes well formed). */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

export function isRfc3339(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
  return (
    (month ?? 0) >= 1 && (month ?? 0) <= 12 && (day ?? 0) >= 1 && (day ?? 0) <= daysInMonth &&
    (hour ?? 0) <= 23 && (minute ?? 0) <= 59 && (second ?? 0) <= 60 && (offsetHour ?? 0) <= 23 && (offsetMinute ?? 0) <= 59
  );
}

/** semver.org's regular expression for SemVer 2.0.0. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL = new RegExp(`^(?:${ATOM}(?:\\.${ATOM})*|"(?:[^"\\\\]|\\\\.)*")@(?:${ATOM}(?:\\.${ATOM})*|\\[[^\\[\\]\\\\]*\\])$`);

export const EMPTY_LABEL: LabelTypeCheck = {
  info: info('DL3051', 'Label is empty'),
  type: null,
  isValid: (value) => value !== '',
  message: (label) => `label \`${label}\` is empty.`,
};

export const URL_LABEL: LabelTypeCheck = {
  info: info('DL3052', 'Label is not a valid URL'),
  type: 'url',
  isValid: (value) => ABSOLUTE_URI.test(value),
  message: (label) => `Label \`${label}\` is not a valid URL.`,
};

export const RFC3339_LABEL: LabelTypeCheck = {
  info: info('DL3053', 'Label is not a valid time format - must conform to RFC3339'),
  type: 'rfc3339',
  isValid: isRfc3339,
  message: (label) => `Label \`${label}\` is not a valid time format - must be conform to RFC3339.`,
};

export const HASH_LABEL: LabelTypeCheck = {
  info: info('DL3055', 'Label is not a valid git hash'),
  type: 'hash',
  isValid: (value) => /^(?:[0-9a-f]{7}|[0-9a-f]{40})$/.test(value),
  message: (label) => `Label \`${label}\` is not a valid git hash.`,
};

export const SEMVER_LABEL: LabelTypeCheck = {
  info: info('DL3056', 'Label does not conform to semantic versioning'),
  type: 'semver',
  isValid: (value) => SEMVER.test(value),
  message: (label) => `Label \`${label}\` does not conform to semantic versioning.`,
};

export const EMAIL_LABEL: LabelTypeCheck = {
  info: info('DL3058', 'Label is not a valid email format - must conform to RFC5322'),
  type: 'email',
  isValid: (value) => EMAIL.test(value),
  message: (label) => `Label \`${label}\` is not a valid email format - must be conform to RFC5322.`,
};

export const LABEL_TYPE_CHECKS: readonly LabelTypeCheck[] = [EMPTY_LABEL, URL_LABEL, RFC3339_LABEL, HASH_LABEL, SEMVER_LABEL, EMAIL_LABEL];
