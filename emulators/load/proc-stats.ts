import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time a process has used so far (user + system), in ms, from `/proc/<pid>/stat`:
 * what a per-CPU-second bill counts, and far steadier than wall time on a shared machine.
 * Undefined when the process is gone or this is not Linux.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime + stime) ? ((utime + stime) * 1000) / CLK_TCK : undefined;
  } catch {
    return undefined;
  }
}

/** The ids of every process below `pid` (children, grandchildren, …), from /proc. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    const children: number[] = [];
    try {
      // A child is listed under the thread that started it: read every thread's list.
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const list = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (list) children.push(...list.split(/\s+/).map(Number));
      }
    } catch {
      /* gone, or not Linux */
    }
    for (const c of children) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}
