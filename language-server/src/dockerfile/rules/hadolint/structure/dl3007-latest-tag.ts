/**
 * hadolint's DL3007: the `latest` tag moves; pin a release tag. Reported on the tag when it is
 * written out, else (a variable gave it) on the image word.
 */
import type { Finding } from '../../../../findings';
import type { Range } from '../../../ast';
import { report } from '../../rule-definition';
import type { DockerfileRuleContext } from '../../types';
import { fromImages, type FromImage } from './from-image';
import { hadolintRule } from './hadolint-rule';

const MESSAGE = 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag';

export const DL3007 = hadolintRule('DL3007', 'Warning', MESSAGE, (context) => latestTags(context));

function tagRange(image: FromImage): Range {
  const { word, parts } = image;
  if (word.value !== image.reference || word.range.start.line !== word.range.end.line) return word.range;
  const start = word.range.start.character + parts.tagOffset;
  return { start: { line: word.range.start.line, character: start }, end: { line: word.range.start.line, character: start + 'latest'.length } };
}

export function latestTags(context: DockerfileRuleContext): Finding[] {
  return fromImages(context)
    .filter((image) => !image.notAnImage && image.parts.tag === 'latest')
    .map((image) => report(DL3007, tagRange(image), MESSAGE));
}
