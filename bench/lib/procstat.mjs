// /proc readers: child processes, RSS (VmRSS / VmHWM) and CPU time (utime + stime) of a pid, and a
// 100 ms sampler for the peak RSS of the workerd process.
import { readFileSync, readdirSync } from "node:fs";

const TICKS = 100; // USER_HZ on Linux

export function procName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}

export function childPids(ppid) {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {}
  }
  return out;
}

/** {rssKb, hwmKb} from /proc/<pid>/status, or null when the process is gone. */
export function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM"), anonKb: kb("RssAnon"), fileKb: kb("RssFile"), shmemKb: kb("RssShmem") };
  } catch {
    return null;
  }
}

/** CPU time (user + system) of a process, in ms. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return NaN;
  }
}

/** Whole-machine CPU: busy and total jiffies (for "how loaded was the box"). */
export function machineCpu() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  const total = line.reduce((s, x) => s + x, 0);
  return { busy: total - idle, total };
}

/** Samples VmRSS of pid every intervalMs; peak() is the max sampled RSS (and the kernel's VmHWM). */
export function startRssSampler(pid, intervalMs = 100) {
  let peakKb = 0;
  let hwmKb = 0;
  let samples = 0;
  let atPeak = null;
  const tick = () => {
    const m = memory(pid);
    if (!m) return;
    samples += 1;
    if (m.rssKb > peakKb) {
      peakKb = m.rssKb;
      atPeak = { anonKb: m.anonKb, fileKb: m.fileKb, shmemKb: m.shmemKb };
    }
    if (m.hwmKb > hwmKb) hwmKb = m.hwmKb;
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    peak: () => ({ peakRssKb: peakKb, hwmKb, samples, atPeak }),
    stop() {
      tick();
      clearInterval(timer);
      return { peakRssKb: peakKb, hwmKb, samples, atPeak };
    },
  };
}
