import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc (USER_HZ); 100 on every Linux this runs on. */
const HZ = 100;

/** CPU seconds the whole machine was busy, and those spent by this process and its reaped children. */
interface CpuSnapshot {
  machineBusy: number;
  own: number;
  at: number;
}

/** How busy the machine was during the run, and how much of that was not the bench itself. */
export interface MachineLoad {
  seconds: number;
  cores: number;
  /** Share of all cores busy (0–1). */
  busy: number;
  /** CPU seconds of the bench: load generator, servers, Redis. */
  benchCpuSeconds: number;
  /** CPU seconds of everything else (other engineers' test runs …). */
  otherCpuSeconds: number;
  /** `otherCpuSeconds` as a share of all cores over the run (0–1). */
  otherShare: number;
}

async function snapshot(): Promise<CpuSnapshot | undefined> {
  try {
    const [stat, self] = await Promise.all([readFile('/proc/stat', 'utf8'), readFile('/proc/self/stat', 'utf8')]);
    // cpu  user nice system idle iowait irq softirq steal …
    const [user, nice, system, , , irq, softirq, steal] = stat.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // Fields after the command name: utime, stime, cutime, cstime are 14–17 (1-based) of /proc/self/stat.
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
    const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { machineBusy: (user! + nice! + system! + irq! + softirq! + steal!) / HZ, own: own / HZ, at: Date.now() };
  } catch {
    return undefined; // Not Linux: no figure.
  }
}

/** Starts measuring; `finish()` (after every child has exited) gives the run's machine load. */
export async function watchMachineLoad(cores: number): Promise<{ finish(): Promise<MachineLoad | undefined> }> {
  const start = await snapshot();
  return {
    async finish() {
      const end = await snapshot();
      if (!start || !end) return undefined;
      const seconds = (end.at - start.at) / 1000;
      const busySeconds = end.machineBusy - start.machineBusy;
      const benchCpuSeconds = end.own - start.own;
      const otherCpuSeconds = Math.max(0, busySeconds - benchCpuSeconds);
      const round = (value: number) => Math.round(value * 100) / 100;
      return {
        seconds: Math.round(seconds),
        cores,
        busy: round(busySeconds / (seconds * cores)),
        benchCpuSeconds: Math.round(benchCpuSeconds),
        otherCpuSeconds: Math.round(otherCpuSeconds),
        otherShare: round(otherCpuSeconds / (seconds * cores)),
      };
    },
  };
}
