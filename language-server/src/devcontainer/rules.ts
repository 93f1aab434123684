/**
 * Every devcontainer.json check, by id, and the one way findings are made. The ids, severities
 * and examples are documented in docs/devcontainer-checks.md (one section per id).
 */
import { hutchDocsUrl, type Finding, type RuleInfo, type Severity } from '../findings';
import type { DevcontainerDocument } from './document';

export const DEVCONTAINER_DOCS = hutchDocsUrl('devcontainer-checks.md');

function rule(id: string, defaultSeverity: Severity, description: string): RuleInfo {
  return { id, source: 'devcontainer', defaultSeverity, description, docsUrl: `${DEVCONTAINER_DOCS}#${id}` };
}

/**
 * What VS Code's own JSON validation of devcontainer.json (the spec's schema) already reports:
 * syntax and schema problems. The editor runs checkDevcontainer with schemaFindings: false and
 * gets none of these, so nothing shows twice (docs/devcontainer-checks.md#double-reporting).
 */
export const SCHEMA_RULES: readonly RuleInfo[] = [
  rule('devcontainer/invalid-json', 'error', 'The file is not valid JSON with comments.'),
  rule('devcontainer/trailing-comma', 'warning', 'A comma before } or ]: the spec\'s schema disallows it, though the devcontainers CLI and Hutch accept it.'),
  rule('devcontainer/duplicate-key', 'warning', 'A property is set twice in one object; the last one wins.'),
  rule('devcontainer/unknown-property', 'warning', 'A property the Dev Container spec does not define, or one that does not apply to this kind of config.'),
  rule('devcontainer/invalid-type', 'error', 'A value of the wrong JSON type.'),
  rule('devcontainer/invalid-value', 'error', 'A value outside the allowed set, pattern or range.'),
  rule('devcontainer/missing-property', 'error', 'A required property is missing.'),
  rule('devcontainer/deprecated-property', 'warning', 'A deprecated property or legacy Feature id.'),
];

/** Hutch's own namespace, which no other schema validates: reported in the editor too. */
export const HUTCH_CUSTOMIZATION_RULES: readonly RuleInfo[] = [
  rule('devcontainer/invalid-hutch-customization', 'error', 'customizations.hutch holds something Hutch does not know.'),
  rule('devcontainer/invalid-hutch-vm', 'error', 'customizations.hutch.vm is not a valid VM description.'),
];

/** Checks no schema can express (files, the Dockerfile's stages, ports, variables ...). */
export const SEMANTIC_RULES: readonly RuleInfo[] = [
  rule('devcontainer/conflicting-keys', 'error', 'More than one of image, build.dockerfile, dockerFile and dockerComposeFile (or build with dockerComposeFile).'),
  rule('devcontainer/missing-image-source', 'error', 'None of image, build.dockerfile, dockerFile, dockerComposeFile or customizations.hutch.vm: there is nothing to run.'),
  rule('devcontainer/dockerfile-not-found', 'error', 'The Dockerfile named by build.dockerfile or dockerFile does not exist.'),
  rule('devcontainer/context-not-found', 'error', 'The build context folder does not exist.'),
  rule('devcontainer/compose-file-not-found', 'error', 'A file named by dockerComposeFile does not exist.'),
  rule('devcontainer/unknown-build-target', 'error', 'build.target names no stage of the Dockerfile.'),
  rule('devcontainer/unused-build-arg', 'warning', 'A build.args entry that no ARG of the Dockerfile declares.'),
  rule('devcontainer/unknown-compose-service', 'error', 'service or runServices names a service the compose files do not define.'),
  rule('devcontainer/invalid-port', 'error', 'A port in forwardPorts, appPort or customizations.hutch.vm.forwardPorts is not a valid port or mapping.'),
  rule('devcontainer/duplicate-port', 'warning', 'The same port is forwarded or published twice.'),
  rule('devcontainer/invalid-lifecycle-command', 'error', 'An empty lifecycle command (string, array or parallel entry).'),
  rule('devcontainer/exec-form-shell-syntax', 'warning', 'A lifecycle command in array form (no shell) that needs a shell: spaces in the program name, or &&, |, ; or redirections.'),
  rule('devcontainer/invalid-mount', 'error', 'A mount string that is not a valid --mount value.'),
  rule('devcontainer/unknown-variable', 'warning', 'A ${...} that is no devcontainer.json variable: it stays in the value as written.'),
  rule('devcontainer/invalid-variable', 'error', 'A known variable used wrongly, such as ${localEnv} without a name.'),
  rule('devcontainer/variable-not-available', 'warning', '${containerEnv:...} where the container does not exist yet, so it cannot be resolved.'),
];

export const DEVCONTAINER_RULES: readonly RuleInfo[] = [...SCHEMA_RULES, ...HUTCH_CUSTOMIZATION_RULES, ...SEMANTIC_RULES];

const RULES_BY_ID = new Map(DEVCONTAINER_RULES.map((r) => [r.id, r]));
export const SCHEMA_RULE_IDS: ReadonlySet<string> = new Set(SCHEMA_RULES.map((r) => r.id));

/** A place in the document, by offsets. */
export interface Span {
  offset: number;
  length: number;
}

export interface FindingInput extends Span {
  message: string;
  /** Defaults to the rule's default severity. */
  severity?: Severity;
  fix?: { title: string; edits: Array<Span & { newText: string }> };
}

/** Makes findings with exact ranges for one document. */
export class FindingSink {
  readonly findings: Finding[] = [];

  constructor(private readonly document: DevcontainerDocument) {}

  report(ruleId: string, input: FindingInput): void {
    const info = RULES_BY_ID.get(ruleId);
    if (!info) throw new Error(`unknown devcontainer rule ${ruleId}`);
    const lines = this.document.lines;
    const finding: Finding = {
      ruleId,
      source: 'devcontainer',
      severity: input.severity ?? info.defaultSeverity,
      message: input.message,
      range: lines.range(input.offset, input.length),
      docsUrl: info.docsUrl,
    };
    if (input.fix) {
      finding.fix = {
        title: input.fix.title,
        edits: input.fix.edits.map((e) => ({ range: lines.range(e.offset, e.length), newText: e.newText })),
      };
    }
    this.findings.push(finding);
  }
}
