/**
 * How a Dockerfile rule states who it is (id, source, docs) and how it reports. Two families
 * live here: Hutch's own checks (kebab-case ids, documented in docs/rules.md) and BuildKit's
 * build checks (BuildKit's names, descriptions and documentation URLs, unchanged, so a user who
 * knows `docker build --check` recognises every one).
 */
import { hutchDocsUrl as docsPageUrl, type Finding, type Fix, type RuleInfo } from '../../findings';
import type { Range } from '../ast';
import type { DockerfileRule, DockerfileRuleContext } from './types';

/** Where Hutch's own rules are documented: one anchor per rule id. */
export const DOCS_BASE = docsPageUrl('rules.md');

/** BuildKit's documentation redirects, one per check (linter/ruleset.go uses exactly these). */
export const BUILDKIT_DOCS_BASE = 'https://docs.docker.com/go/dockerfile/rule/';

export function hutchDocsUrl(id: string): string {
  return `${DOCS_BASE}#${id}`;
}

/** "JSONArgsRecommended" -> "json-args-recommended", the slug BuildKit's URLs use. */
export function buildkitSlug(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

export function buildkitDocsUrl(name: string): string {
  return `${BUILDKIT_DOCS_BASE}${buildkitSlug(name)}/`;
}

type Check = (context: DockerfileRuleContext) => Finding[];

/** One of Hutch's own checks: an error the builder would reject, unless stated otherwise. */
export function hutchRule(id: string, description: string, check: Check, defaultSeverity: RuleInfo['defaultSeverity'] = 'error'): DockerfileRule {
  return { id, source: 'hutch', defaultSeverity, description, docsUrl: hutchDocsUrl(id), check };
}

/** One of BuildKit's build checks: always a warning unless `# check=error=true`. */
export function buildkitRule(name: string, description: string, check: Check, options: { optIn?: boolean } = {}): DockerfileRule {
  return {
    id: name,
    source: 'buildkit',
    defaultSeverity: 'warning',
    description,
    docsUrl: buildkitDocsUrl(name),
    ...(options.optIn ? { optIn: true } : {}),
    check,
  };
}

/** The finding a rule reports at a range. */
export function report(rule: RuleInfo, range: Range, message: string, fix?: Fix): Finding {
  return {
    ruleId: rule.id,
    source: rule.source,
    severity: rule.defaultSeverity,
    message,
    range,
    docsUrl: rule.docsUrl,
    ...(fix ? { fix } : {}),
  };
}
