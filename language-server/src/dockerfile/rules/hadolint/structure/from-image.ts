/**
 * The image a FROM names, as the tag rules (DL3006, DL3007) see it: variables resolved with
 * the ARGs before the first FROM (`ARG IMG=debian:12` / `FROM ${IMG}`), or null when a variable
 * has no value here (the image is only known at build time), and whether it names an earlier
 * stage rather than an image.
 */
import type { Argument } from '../../../ast';
import { buildModel, type StageModel } from '../../build-model';
import type { DockerfileRuleContext } from '../../types';
import { imageReferenceParts, type ImageReferenceParts } from './image-reference-parts';

export interface FromImage {
  stage: StageModel;
  /** The image word as written. */
  word: Argument;
  /** The image after variable expansion. */
  reference: string;
  parts: ImageReferenceParts;
  /** `scratch`, or the name of an earlier stage. */
  notAnImage: boolean;
}

export function fromImages(context: DockerfileRuleContext): FromImage[] {
  const images: FromImage[] = [];
  const earlierNames = new Set<string>();
  for (const stage of buildModel(context).stages) {
    const word = stage.stage.from.args[0];
    const expansion = stage.baseName;
    const known = expansion.unmatched.size === 0 && expansion.error === null && expansion.result !== '';
    if (word && known) {
      const reference = expansion.result;
      const lower = reference.toLowerCase();
      images.push({ stage, word, reference, parts: imageReferenceParts(reference), notAnImage: lower === 'scratch' || earlierNames.has(lower) });
    }
    if (stage.name !== null) earlierNames.add(stage.name);
  }
  return images;
}
