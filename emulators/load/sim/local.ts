import { quantile } from '../load';
import { Agenda } from './events';
import { SharedCpu } from './shared-cpu';

type Fn = 'webhook' | 'matting' | 'sender';
const CHAIN: readonly Fn[] = ['webhook', 'matting', 'sender'];

/**
 * The local stack as `npm run bench:chain` runs it, for checking the model against the
 * real thing: one process per function (a Functions Framework process serves requests
 * concurrently but runs JavaScript and the single-threaded wasm model on one core), the
 * emulators, and the load driver, all on the machine's `cores`. Each step of a photo is a
 * fixed wait that is not CPU (localhost round trips, emulator push delays, timers),
 * then its CPU work, shared with every other step in progress (shared-cpu.ts). Both come
 * from bench:chain's own measurements: CPU ms per sticker per function and for the whole
 * stack from process accounting, and the waits from photos sent one at a time.
 */
export interface LocalInputs {
  cores: number;
  /** CPU ms per sticker of each function process */
  cpuMs: Record<Fn, number>;
  /** CPU ms per sticker of everything else (emulators, JVMs, load driver) */
  otherCpuMs: number;
  /** non-CPU time of each step, and the rest of a photo's round trip, ms */
  waitMs: Record<Fn | 'rest', number>;
}

export function simulateLocal(inputs: LocalInputs, photos: number, ratePerSec: number) {
  const agenda = new Agenda();
  // the emulators are several processes (two JVMs among them): they may use every core
  const cpu = new SharedCpu(agenda, inputs.cores, (g) => (g === 'other' ? inputs.cores : 1));
  const latencies: number[] = [];
  let lastEnd = 0;
  const otherPerStep = inputs.otherCpuMs / CHAIN.length;
  const step = (i: number, start: number) => {
    const fn = CHAIN[i];
    if (!fn) {
      agenda.after(inputs.waitMs.rest, () => {
        latencies.push(agenda.now - start);
        lastEnd = agenda.now;
      });
      return;
    }
    agenda.after(inputs.waitMs[fn], () => {
      let left = 2;
      const next = () => --left === 0 && step(i + 1, start);
      cpu.run(fn, inputs.cpuMs[fn], next);
      cpu.run('other', otherPerStep, next);
    });
  };
  for (let i = 0; i < photos; i++) {
    agenda.at((i * 1000) / ratePerSec, () => step(0, agenda.now));
  }
  agenda.run();
  return {
    photos,
    p50_ms: Math.round(quantile(latencies, 0.5)),
    p95_ms: Math.round(quantile(latencies, 0.95)),
    throughput_per_s: Math.round((photos / (lastEnd / 1000)) * 100) / 100,
  };
}
