/**
 * How a hadolint rule states who it is: its DL id, hadolint's own description and wiki page,
 * and hadolint's default severity mapped onto the editor's (Error, Warning and Info as they are,
 * Style as a hint). hadolint's "Ignore" rules are off by default: they are opt-in here.
 */
import type { Finding } from '../../../../findings';
import type { DockerfileRule, DockerfileRuleContext } from '../../types';

export type HadolintSeverity = 'Error' | 'Warning' | 'Info' | 'Style' | 'Ignore';

export const HADOLINT_WIKI = 'https://github.com/hadolint/hadolint/wiki/';

export function hadolintDocsUrl(id: string): string {
  return `${HADOLINT_WIKI}${id}`;
}

const SEVERITY: Readonly<Record<HadolintSeverity, DockerfileRule['defaultSeverity']>> = {
  Error: 'error',
  Warning: 'warning',
  Info: 'info',
  Style: 'hint',
  Ignore: 'info',
};

export function hadolintRule(id: string, severity: HadolintSeverity, description: string, check: (context: DockerfileRuleContext) => Finding[]): DockerfileRule {
  return {
    id,
    source: 'hadolint',
    defaultSeverity: SEVERITY[severity],
    description,
    docsUrl: hadolintDocsUrl(id),
    ...(severity === 'Ignore' ? { optIn: true } : {}),
    check,
  };
}

/** hadolint's dropQuotes: surrounding single and double quotes removed. */
export function dropQuotes(text: string): string {
  return text.replace(/^["']+|["']+$/g, '');
}
