/**
 * Hutch's iptables rules. Every rule Hutch adds lives in its own chains (HUTCH-*), jumped to
 * from the builtin chains, and carries a comment naming its owner ("hutch:<containerId>",
 * "hutch-bridge:<bridge>"), so rules can be found and removed exactly, even after a crash
 * lost every record of them, without touching anyone else's.
 *
 * Works with both iptables backends; `-w` waits for the legacy backend's xtables lock instead
 * of failing when another tool holds it (the nft backend ignores it).
 */
import { HutchError } from '../../errors';
import { commandFailure, runCommand } from './system-command';

export type IptablesTable = 'nat' | 'filter';

export interface IptablesRule {
  table: IptablesTable;
  chain: string;
  /** Matches and target, as after `-A <chain>` in `iptables -S`. */
  spec: readonly string[];
}

/** The chains Hutch owns and where each is jumped to from. */
export const HUTCH_CHAINS = {
  /** nat: published ports (DNAT), from PREROUTING and OUTPUT. */
  dnat: 'HUTCH-DNAT',
  /** nat: MASQUERADE of container egress and of loopback-sourced published-port traffic. */
  postrouting: 'HUTCH-POSTROUTING',
  /** filter: forwarding to and from the bridge. */
  forward: 'HUTCH-FORWARD',
  /** filter: what containers may send to the host itself. */
  input: 'HUTCH-INPUT',
} as const;

async function iptables(args: readonly string[]) {
  return runCommand('iptables', ['-w', ...args]);
}

async function iptablesChecked(args: readonly string[]): Promise<string> {
  const result = await iptables(args);
  if (result.exitCode !== 0) throw commandFailure('iptables', ['-w', ...args], result);
  return result.stdout;
}

export async function chainExists(table: IptablesTable, chain: string): Promise<boolean> {
  return (await iptables(['-t', table, '-S', chain])).exitCode === 0;
}

/** Creates chain if missing; another process creating it at the same moment is fine. */
export async function ensureChain(table: IptablesTable, chain: string): Promise<void> {
  if (await chainExists(table, chain)) return;
  const result = await iptables(['-t', table, '-N', chain]);
  if (result.exitCode !== 0 && !(await chainExists(table, chain))) {
    throw commandFailure('iptables', ['-w', '-t', table, '-N', chain], result);
  }
}

export async function ruleExists(rule: IptablesRule): Promise<boolean> {
  const args = ['-t', rule.table, '-C', rule.chain, ...rule.spec];
  const result = await iptables(args);
  // -C: 0 = present, 1 = absent ("Bad rule (does a matching rule exist...)"), else an error.
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  throw commandFailure('iptables', ['-w', ...args], result);
}

/**
 * Adds rule unless an identical one exists. 'first' inserts at the top of the chain: used for
 * jumps from builtin chains, so that a host firewall's DROP further down cannot shadow them.
 */
export async function ensureRule(rule: IptablesRule, position: 'append' | 'first' = 'append'): Promise<void> {
  if (await ruleExists(rule)) return;
  const where = position === 'first' ? ['-I', rule.chain, '1'] : ['-A', rule.chain];
  await iptablesChecked(['-t', rule.table, ...where, ...rule.spec]);
}

/** Splits one line of `iptables -S` into arguments, undoing its "..." quoting. */
export function parseRuleLine(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let token = '';
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      if (line[i] === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && i + 1 < line.length) i++;
          token += line[i];
          i++;
        }
        i++; // closing quote
      } else {
        token += line[i];
        i++;
      }
    }
    tokens.push(token);
  }
  return tokens;
}

/** The rules of a chain, each as the spec after `-A <chain>` (an absent chain has none). */
export async function listRules(table: IptablesTable, chain: string): Promise<IptablesRule[]> {
  const result = await iptables(['-t', table, '-S', chain]);
  if (result.exitCode !== 0) return [];
  return result.stdout
    .split('\n')
    .map(parseRuleLine)
    .filter((tokens) => tokens[0] === '-A' && tokens[1] === chain)
    .map((tokens) => ({ table, chain, spec: tokens.slice(2) }));
}

/** The value of `-m comment --comment X` in a rule spec, if any. */
export function ruleComment(spec: readonly string[]): string | undefined {
  const at = spec.indexOf('--comment');
  return at >= 0 ? spec[at + 1] : undefined;
}

/** Deletes every rule of chain whose comment is exactly comment; returns how many. */
export async function deleteRulesWithComment(table: IptablesTable, chain: string, comment: string): Promise<number> {
  let deleted = 0;
  for (const rule of await listRules(table, chain)) {
    if (ruleComment(rule.spec) !== comment) continue;
    const result = await iptables(['-t', table, '-D', chain, ...rule.spec]);
    // Exit 1 means someone else removed it between our listing and now: the goal is met.
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      throw commandFailure('iptables', ['-w', '-t', table, '-D', chain, ...rule.spec], result);
    }
    if (result.exitCode === 0) deleted++;
  }
  return deleted;
}

/** A comment value iptables stores intact: printable, no quotes, within its 256-byte limit. */
export function assertCommentSafe(comment: string): void {
  if (!/^[A-Za-z0-9_.:-]{1,255}$/.test(comment)) {
    throw new HutchError('invalid-argument', `"${comment}" cannot tag an iptables rule`);
  }
}
