/**
 * A FROM image split as hadolint (language-docker) splits it: name, then `:tag`, then
 * `@digest`. The tag's colon is the last one after the last '/', so a registry port
 * (`localhost:5000/app`) is not taken for a tag.
 */
export interface ImageReferenceParts {
  name: string;
  tag: string | null;
  digest: string | null;
  /** Offset of the tag (after ':') in the reference, or -1. */
  tagOffset: number;
}

export function imageReferenceParts(reference: string): ImageReferenceParts {
  const at = reference.indexOf('@');
  const digest = at < 0 ? null : reference.slice(at + 1);
  const beforeDigest = at < 0 ? reference : reference.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  if (colon < 0 || colon < beforeDigest.lastIndexOf('/')) return { name: beforeDigest, tag: null, digest, tagOffset: -1 };
  return { name: beforeDigest.slice(0, colon), tag: beforeDigest.slice(colon + 1), digest, tagOffset: colon + 1 };
}
