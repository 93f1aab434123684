/** A Dockerfile rule: a small pure function over the parsed file, with its id and docs beside it. */
import type { Finding, RuleInfo } from '../../findings';
import type { Dockerfile } from '../ast';

export interface DockerfileRuleContext {
  dockerfile: Dockerfile;
  /** Content of the build context's .dockerignore, if there is one (CopyIgnoredFile). */
  dockerignore: string | null;
  /** Build arguments given for the build (--build-arg), which define ARGs (UndefinedVar ...). */
  buildArgs: Readonly<Record<string, string>>;
}

export interface DockerfileRule extends RuleInfo {
  check(context: DockerfileRuleContext): Finding[];
}
