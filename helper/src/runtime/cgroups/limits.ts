/**
 * Pure checks and conversions shared by the v1 and v2 drivers: what a valid name, limit and
 * device rule is, and how Docker-scale values map onto kernel files. Checked before any
 * directory is made, so a bad value never leaves a half-configured cgroup behind.
 */
import { HutchError } from '../../errors';
import type { DeviceRule, ResourceLimits } from './types';

/** CFS period Docker and runc use; the quota is expressed against it. */
export const CFS_PERIOD_MICROSECONDS = 100_000;
/** The scheduler rejects quotas under 1 ms (kernel/sched/core.c, min_cfs_quota_period). */
const MIN_CFS_QUOTA_MICROSECONDS = 1_000;
const MIN_CPU_SHARES = 2;
const MAX_CPU_SHARES = 262_144;

// A single path component: no "/", no "." or "..", nothing the shell or the kernel's
// cgroupfs would treat specially, so a name can never escape Hutch's parent cgroup.
const CGROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

export function assertValidCgroupName(name: string, what: string): void {
  if (!CGROUP_NAME.test(name)) {
    throw new HutchError(
      'invalid-argument',
      `invalid ${what} "${name}"`,
      'use 1-128 characters from A-Z a-z 0-9 _ . - starting with a letter or digit',
    );
  }
}

function invalidLimit(key: keyof ResourceLimits, value: unknown, expected: string): HutchError {
  return new HutchError('invalid-argument', `invalid resource limit ${key}=${String(value)}`, expected);
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

export function assertValidLimits(limits: ResourceLimits): void {
  const { memoryBytes, memorySwapBytes, cpus, cpuShares, pidsLimit, cpusetCpus, cpusetMems } = limits;
  if (memoryBytes !== undefined && !isPositiveInteger(memoryBytes)) {
    throw invalidLimit('memoryBytes', memoryBytes, 'expected a positive whole number of bytes');
  }
  if (memorySwapBytes !== undefined) {
    // Both kernels define swap relative to the memory limit (v1 memsw must be >= the memory
    // limit, v2 swap.max is the difference), so a swap limit alone has no meaning.
    if (memoryBytes === undefined) {
      throw invalidLimit('memorySwapBytes', memorySwapBytes, 'a memory+swap limit needs memoryBytes as well');
    }
    if (!isPositiveInteger(memorySwapBytes) || memorySwapBytes < memoryBytes) {
      throw invalidLimit('memorySwapBytes', memorySwapBytes, `expected a whole number of bytes >= memoryBytes (${memoryBytes})`);
    }
  }
  if (cpus !== undefined && !(Number.isFinite(cpus) && cpuQuotaMicroseconds(cpus) >= MIN_CFS_QUOTA_MICROSECONDS)) {
    throw invalidLimit('cpus', cpus, 'expected a number of CPUs >= 0.01');
  }
  if (cpuShares !== undefined && !(Number.isSafeInteger(cpuShares) && cpuShares >= MIN_CPU_SHARES && cpuShares <= MAX_CPU_SHARES)) {
    throw invalidLimit('cpuShares', cpuShares, `expected a whole number from ${MIN_CPU_SHARES} to ${MAX_CPU_SHARES}`);
  }
  if (pidsLimit !== undefined && !isPositiveInteger(pidsLimit)) {
    throw invalidLimit('pidsLimit', pidsLimit, 'expected a positive whole number of tasks');
  }
  if (cpusetCpus !== undefined && !CPU_LIST.test(cpusetCpus)) {
    throw invalidLimit('cpusetCpus', cpusetCpus, 'expected a CPU list such as "0-3" or "0,2"');
  }
  if (cpusetMems !== undefined && !CPU_LIST.test(cpusetMems)) {
    throw invalidLimit('cpusetMems', cpusetMems, 'expected a memory node list such as "0" or "0-1"');
  }
}

export function cpuQuotaMicroseconds(cpus: number): number {
  return Math.round(cpus * CFS_PERIOD_MICROSECONDS);
}

/**
 * Docker's cpu shares (2..262144, default 1024) to a v2 cpu.weight (1..10000, default 100), with
 * the linear mapping runc and crun use, so a container gets the same weight under any of them.
 * Note the defaults do not line up: 1024 shares becomes weight 39, as it does under runc.
 */
export function cpuSharesToWeight(shares: number): number {
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

function isDeviceNumber(value: number | '*'): boolean {
  return value === '*' || (Number.isSafeInteger(value) && value >= 0);
}

export function assertValidDeviceRule(rule: DeviceRule): void {
  const text = `${rule.type} ${rule.major}:${rule.minor} ${rule.access}`;
  const accessOk = /^(?!.*(.).*\1)[rwm]{1,3}$/.test(rule.access);
  if (!['a', 'b', 'c'].includes(rule.type) || !isDeviceNumber(rule.major) || !isDeviceNumber(rule.minor) || !accessOk) {
    throw new HutchError('invalid-argument', `invalid device rule "${text}"`, 'expected type a|b|c, major:minor numbers or *, access a subset of rwm');
  }
  // The v1 devices controller reads only the type of an "a" rule and treats it as every device
  // with every access, so "a *:* r" would silently allow writes; refuse anything narrower.
  if (rule.type === 'a' && (rule.major !== '*' || rule.minor !== '*' || rule.access.length !== 3)) {
    throw new HutchError('invalid-argument', `invalid device rule "${text}"`, 'an "a" rule always means all devices with rwm; write it as "a *:* rwm" or use b/c rules');
  }
}

/** The line devices.allow / devices.deny take, e.g. "c 1:3 rwm". */
export function deviceRuleLine(rule: DeviceRule): string {
  return `${rule.type} ${rule.major}:${rule.minor} ${rule.access}`;
}
