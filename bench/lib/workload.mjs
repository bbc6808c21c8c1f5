// The realistic ingest mix: providers by weight, ENTITY_COUNT entities split among them, each
// provider's entities drawn with a Zipf(s) popularity, a share of exact redeliveries (same bytes,
// same delivery id) of recent deliveries, bodies of real size. Deterministic for a given seed.
import { createRng, createZipf } from "./rng.mjs";
import { GENERATORS } from "../providers/index.mjs";

/**
 * @param {object} o
 * @param {string} o.seed
 * @param {{id: string, path: string, url: string}[]} o.sources  included providers and their webhook paths
 * @param {number} [o.entityCount]
 * @param {number} [o.zipfS]
 * @param {number} [o.redeliveryRate]
 * @param {number} [o.t0Ms]  first updated_at/created of the generated history
 * @param {number} [o.idOffset]  shifts entity ids (a disjoint set of entities for the cold/warm test)
 */
export function createWorkload({ seed, sources, entityCount = 10_000, zipfS = 1.0, redeliveryRate = 0.2, t0Ms, idOffset = 0 }) {
  const rng = createRng(seed);
  const start = t0Ms ?? Date.UTC(2026, 10, 1);
  let versionSeq = 0;
  const nextVersion = () => start + ++versionSeq * 1000; // unique seconds: updated_at strictly grows
  const gens = sources.map((s) => ({ ...s, gen: GENERATORS[s.id] }));
  const totalWeight = gens.reduce((sum, g) => sum + g.gen.weight, 0);

  const providers = gens.map((g, i) => {
    const count = i === gens.length - 1
      ? entityCount - gens.slice(0, -1).reduce((sum, o) => sum + Math.round((entityCount * o.gen.weight) / totalWeight), 0)
      : Math.round((entityCount * g.gen.weight) / totalWeight);
    const entities = [];
    const byKind = {};
    for (let j = 0; j < count; j++) {
      const kind = rng.weighted(g.gen.kinds);
      const entity = g.gen.newEntity(rng, idOffset + j, kind);
      entity.key = `${g.id}/${kind}/${entity.externalId}`;
      entities.push(entity);
      (byKind[kind] ??= []).push(entity);
    }
    // Popularity rank -> entity: a shuffled order, so the hottest entities are of any kind.
    const order = entities.map((_, j) => j);
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(rng.next() * (j + 1));
      [order[j], order[k]] = [order[k], order[j]];
    }
    const zipf = createZipf(entities.length, zipfS, rng);
    // Order lines sell catalogue products: the provider's product entities, or (tiny entity
    // counts) a few products that are never sent themselves.
    const catalog = byKind.product?.length
      ? byKind.product
      : Array.from({ length: 20 }, (_, j) => g.gen.newEntity(rng, 1_000_000 + j, "product"));
    return { ...g, entities, byKind, order, zipf, catalog, draw: () => entities[order[zipf.sample()]] };
  });

  const history = [];
  const HISTORY = 5_000;
  const stats = { requests: 0, redeliveries: 0, bytes: [], byProvider: {}, entitiesTouched: new Set() };

  function fresh(nowMs) {
    const p = rng.weighted(providers.map((prov) => [prov, prov.gen.weight]));
    const entity = p.draw();
    const versionMs = nextVersion();
    entity.createdAtMs ??= versionMs;
    const pickMore = (n) => {
      const seen = new Set([entity]);
      const out = [];
      for (let tries = 0; out.length < n && tries < n * 4; tries++) {
        const e = p.draw();
        if (!seen.has(e)) {
          seen.add(e);
          e.createdAtMs ??= start;
          out.push(e);
        }
      }
      return out;
    };
    const d = p.gen.delivery({
      entity, versionMs, createdAtMs: entity.createdAtMs, rng, nowMs, url: p.url, nextVersion, pickMore,
      catalog: { product: p.catalog },
    });
    const touched = d.touched ?? [entity];
    for (const e of touched) {
      e.deliveries += 1;
      stats.entitiesTouched.add(e.key);
    }
    return { provider: p.id, path: p.path, headers: d.headers, body: Buffer.from(d.body), topic: d.topic, deliveryId: d.deliveryId, kind: entity.kind, entity: entity.key, entities: touched.map((e) => e.key), redelivery: false };
  }

  return {
    providers: providers.map((p) => ({ id: p.id, entities: p.entities.length, topShare: p.zipf.topShare })),
    /** Next request of the mix; signatures made with nowMs (timestamped schemes). */
    next(nowMs = Date.now()) {
      let req;
      if (history.length > 0 && rng.chance(redeliveryRate)) {
        req = { ...history[Math.floor(rng.next() * history.length)], redelivery: true };
        stats.redeliveries += 1;
      } else {
        req = fresh(nowMs);
        if (history.length < HISTORY) history.push(req);
        else history[Math.floor(rng.next() * HISTORY)] = req;
      }
      stats.requests += 1;
      stats.bytes.push(req.body.length);
      stats.byProvider[req.provider] = (stats.byProvider[req.provider] ?? 0) + 1;
      return req;
    },
    /** Fresh (never redelivered) update of one given entity key, for burst tests. */
    update(entityKey, nowMs = Date.now()) {
      const [pid] = entityKey.split("/");
      const p = providers.find((x) => x.id === pid);
      const entity = p.entities.find((e) => e.key === entityKey);
      const versionMs = nextVersion();
      entity.createdAtMs ??= versionMs;
      const d = p.gen.delivery({
        entity, versionMs, createdAtMs: entity.createdAtMs, rng, nowMs, url: p.url, nextVersion, pickMore: () => [],
        catalog: { product: p.catalog },
      });
      entity.deliveries += 1;
      stats.requests += 1;
      stats.bytes.push(d.body.length);
      return { provider: p.id, path: p.path, headers: d.headers, body: Buffer.from(d.body), topic: d.topic, deliveryId: d.deliveryId, kind: entity.kind, entity: entity.key, entities: [entity.key], redelivery: false };
    },
    /** The most popular entities of a provider (by Zipf rank), optionally of one kind. */
    hottest(providerId, n, kind) {
      const p = providers.find((x) => x.id === providerId);
      return p.order.map((j) => p.entities[j]).filter((e) => !kind || e.kind === kind).slice(0, n).map((e) => e.key);
    },
    stats,
  };
}
