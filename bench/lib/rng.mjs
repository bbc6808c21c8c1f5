// Seeded randomness for the workload: the same seed gives the same requests (same sizes, same
// entities, same redeliveries), so the no-op worker and the router see an identical mix.

/** sfc32 seeded from a string; returns floats in [0, 1). */
export function createRng(seed) {
  let h = 1779033703 ^ String(seed).length;
  for (const ch of String(seed)) {
    h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const next32 = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = next32(), b = next32(), c = next32(), d = next32();
  const rand = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) rand();
  const api = {
    next: rand,
    /** Integer in [min, max]. */
    int: (min, max) => min + Math.floor(rand() * (max - min + 1)),
    pick: (list) => list[Math.floor(rand() * list.length)],
    chance: (p) => rand() < p,
    /** Picks by weight from [{weight, ...}] or [[value, weight]]. */
    weighted(entries) {
      const total = entries.reduce((s, e) => s + (Array.isArray(e) ? e[1] : e.weight), 0);
      let r = rand() * total;
      for (const e of entries) {
        r -= Array.isArray(e) ? e[1] : e.weight;
        if (r < 0) return Array.isArray(e) ? e[0] : e;
      }
      const last = entries.at(-1);
      return Array.isArray(last) ? last[0] : last;
    },
    hex: (n) => {
      let s = "";
      while (s.length < n) s += Math.floor(rand() * 4294967296).toString(16).padStart(8, "0");
      return s.slice(0, n);
    },
    alnum: (n) => {
      const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      let s = "";
      for (let i = 0; i < n; i++) s += chars[Math.floor(rand() * chars.length)];
      return s;
    },
    uuid: () => {
      const h = api.hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
  return api;
}

/** Zipf(s) over ranks 1..n: sample() returns a 0-based rank, 0 the most popular. */
export function createZipf(n, s, rng) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    sum += 1 / Math.pow(k, s);
    cdf[k - 1] = sum;
  }
  for (let i = 0; i < n; i++) cdf[i] /= sum;
  return {
    topShare: cdf[0],
    sample() {
      const u = rng.next();
      let lo = 0, hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}
