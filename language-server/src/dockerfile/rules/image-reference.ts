/**
 * Whether a string is an image reference Docker accepts (distribution/reference,
 * ParseNormalizedNamed): `[host[:port]/]path[:tag][@digest]`, the path lower-case.
 */

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const HEX_ID = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** Docker Hub's implicit parts: `alpine` is `docker.io/library/alpine`. */
function normalizeName(name: string): string {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first);
  if (hasDomain) return name;
  return slash < 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}

/** The reason Docker rejects `reference`, or null when it is valid. */
export function imageReferenceError(reference: string): string | null {
  if (reference === '') return 'repository name must have at least one component';
  if (HEX_ID.test(reference)) return `invalid repository name (${reference}), cannot specify 64-byte hexadecimal strings`;
  const normalized = normalizeName(reference);
  const remainderStart = normalized.indexOf('/') + 1;
  const remainder = normalized.slice(remainderStart).split(/[:@]/)[0] ?? '';
  if (remainder.toLowerCase() !== remainder) return `invalid reference format: repository name (${remainder}) must be lowercase`;
  const match = REFERENCE.exec(normalized);
  if (!match) return 'invalid reference format';
  if ((match[1] ?? '').length > NAME_TOTAL_LENGTH_MAX) return `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`;
  return null;
}

export function isValidImageReference(reference: string): boolean {
  return imageReferenceError(reference) === null;
}
