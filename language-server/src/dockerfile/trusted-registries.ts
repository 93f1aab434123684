/**
 * hadolint's DL3026, "Use only an allowed registry in the FROM image". It is driven by the
 * `trustedRegistries` key of .hadolint.yaml, which the pure rule context does not carry, so the
 * lint engine runs it when the config names registries.
 */
import type { Finding, RuleInfo } from '../findings';
import type { Dockerfile } from './ast';

export const TRUSTED_REGISTRY_RULE: RuleInfo = {
  id: 'DL3026',
  source: 'hadolint',
  defaultSeverity: 'error',
  description: 'Use only an allowed registry in the FROM image',
  docsUrl: 'https://github.com/hadolint/hadolint/wiki/DL3026',
};

/** The registry of an image reference as Docker resolves it (docker.io when none is named). */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  // Docker's rule (distribution/reference): the first component is a registry only when it
  // looks like a host: it has a dot or a port, or is localhost.
  if (first.includes('.') || first.includes(':') || first === 'localhost') return first;
  return 'docker.io';
}

function registryPattern(trusted: string): RegExp {
  const escaped = trusted.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function isTrustedRegistry(registry: string, trusted: readonly string[]): boolean {
  const name = registry.toLowerCase();
  const names = name === 'docker.io' ? ['docker.io', 'hub.docker.com', 'index.docker.io'] : [name];
  return trusted.some((t) => {
    const pattern = registryPattern(t);
    return names.some((n) => pattern.test(n));
  });
}

export function trustedRegistryFindings(dockerfile: Dockerfile, trusted: readonly string[]): Finding[] {
  if (trusted.length === 0) return [];
  const findings: Finding[] = [];
  const stageNames = new Set<string>();
  for (const stage of dockerfile.stages) {
    const image = stage.from.args[0];
    if (image) {
      const value = image.value;
      const isStage = stageNames.has(value.toLowerCase());
      // An image named by a variable is only known at build time; scratch is no image at all.
      if (!isStage && value.toLowerCase() !== 'scratch' && !value.includes('$')) {
        const registry = imageRegistry(value);
        if (!isTrustedRegistry(registry, trusted)) {
          findings.push({
            ruleId: TRUSTED_REGISTRY_RULE.id,
            source: TRUSTED_REGISTRY_RULE.source,
            severity: TRUSTED_REGISTRY_RULE.defaultSeverity,
            message: `Use only an allowed registry in the FROM image: ${registry} is not in trustedRegistries (${trusted.join(', ')})`,
            range: image.range,
            docsUrl: TRUSTED_REGISTRY_RULE.docsUrl,
          });
        }
      }
    }
    if (stage.name !== null) stageNames.add(stage.name.toLowerCase());
  }
  return findings;
}
