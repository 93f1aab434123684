/**
 * Parsing of /proc/<pid>/mountinfo (proc(5)), the one place the kernel says which cgroup
 * hierarchies are mounted where and with which controllers. Pure: the caller reads the file.
 */

export interface MountinfoEntry {
  /** Path inside the mounted filesystem that the mount shows (field 4); "/" unless a subtree
   * was bind-mounted or a cgroup namespace hides the ancestors. */
  root: string;
  /** Where it is mounted (field 5). */
  mountPoint: string;
  /** Filesystem type after the " - " separator, e.g. "cgroup" or "cgroup2". */
  fsType: string;
  /** Per-superblock options; for cgroup v1 these name the controllers, e.g. ["rw", "cpu", "cpuacct"]. */
  superOptions: string[];
}

/** Fields may contain octal escapes (\040 for a space, \011 tab, \012 newline, \134 backslash). */
function unescapeField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMountinfo(text: string): MountinfoEntry[] {
  const entries: MountinfoEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    // Fields 7.. are optional tags ("shared:1", "master:2") ended by a lone "-"; the kernel never
    // emits a malformed line, so one that does not fit is a truncated read and is skipped.
    const separator = fields.indexOf('-', 6);
    if (fields.length < 7 || separator < 0 || fields.length < separator + 4) continue;
    entries.push({
      root: unescapeField(fields[3]),
      mountPoint: unescapeField(fields[4]),
      fsType: fields[separator + 1],
      superOptions: fields[separator + 3].split(','),
    });
  }
  return entries;
}
