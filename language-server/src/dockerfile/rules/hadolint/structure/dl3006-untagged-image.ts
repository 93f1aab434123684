/**
 * hadolint's DL3006: a FROM image should name its version (a tag or a digest); without one it is
 * whatever `latest` is at build time. `scratch` and earlier stages are not images, and ARG
 * defaults are resolved first (FROM ${IMG} with ARG IMG=debian:12 is tagged).
 */
import type { Finding } from '../../../../findings';
import { report } from '../../rule-definition';
import type { DockerfileRuleContext } from '../../types';
import { fromImages } from './from-image';
import { hadolintRule } from './hadolint-rule';

export const DL3006 = hadolintRule('DL3006', 'Warning', 'Always tag the version of an image explicitly', (context) => untaggedImages(context));

export function untaggedImages(context: DockerfileRuleContext): Finding[] {
  return fromImages(context)
    .filter((image) => !image.notAnImage && image.parts.tag === null && image.parts.digest === null)
    .map((image) => report(DL3006, image.word.range, 'Always tag the version of an image explicitly'));
}
