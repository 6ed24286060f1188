import type { Agenda } from './events';

interface Job {
  group: string;
  remaining: number;
  done: () => void;
}

/**
 * Processor sharing on a few cores, for the local stack where every process runs on the
 * same machine: jobs in one group (one single-threaded process) share at most `groupCap`
 * cores among them, and all groups share `cores` fairly (water-filling). A job's rate is
 * recomputed whenever a job starts or ends.
 */
export class SharedCpu {
  private readonly jobs = new Set<Job>();
  private last = 0;
  private version = 0;

  constructor(
    private readonly agenda: Agenda,
    private readonly cores: number,
    private readonly groupCap: (group: string) => number,
  ) {}

  /** Runs `cpuMs` of work for `group`; calls `done` when it is through. */
  run(group: string, cpuMs: number, done: () => void): void {
    this.advance();
    this.jobs.add({ group, remaining: cpuMs, done });
    this.schedule();
  }

  /** Cores each job gets now. */
  private rates(): Map<Job, number> {
    const groups = new Map<string, Job[]>();
    for (const j of this.jobs) groups.set(j.group, [...(groups.get(j.group) ?? []), j]);
    // water-filling: groups capped below their fair share keep their cap, the rest share
    const share = new Map<string, number>();
    let left = this.cores;
    let open = [...groups.keys()];
    while (open.length > 0) {
      const fair = left / open.length;
      const capped = open.filter((g) => this.cap(g, groups) <= fair);
      if (capped.length === 0) {
        for (const g of open) share.set(g, fair);
        break;
      }
      for (const g of capped) {
        share.set(g, this.cap(g, groups));
        left -= this.cap(g, groups);
      }
      open = open.filter((g) => !capped.includes(g));
    }
    const out = new Map<Job, number>();
    for (const [g, js] of groups) for (const j of js) out.set(j, share.get(g)! / js.length);
    return out;
  }

  private cap(group: string, groups: Map<string, Job[]>): number {
    return Math.min(this.groupCap(group), groups.get(group)!.length);
  }

  private advance(): void {
    const elapsed = this.agenda.now - this.last;
    this.last = this.agenda.now;
    if (elapsed <= 0) return;
    for (const [j, r] of this.rates()) j.remaining -= elapsed * r;
  }

  private schedule(): void {
    const v = ++this.version;
    let next = Infinity;
    for (const [j, r] of this.rates()) next = Math.min(next, Math.max(0, j.remaining) / r);
    if (next === Infinity) return;
    this.agenda.after(next, () => {
      if (v !== this.version) return;
      this.advance();
      for (const j of [...this.jobs]) {
        if (j.remaining <= 1e-6) {
          this.jobs.delete(j);
          j.done();
        }
      }
      this.schedule();
    });
  }
}
