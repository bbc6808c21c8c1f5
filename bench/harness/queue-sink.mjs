// Ingest-phase consumer of the router's queues: acknowledges every batch without work, so the
// messages the ack path produces are really enqueued and delivered by the local broker (as on
// Cloudflare, where they are stored) while the Odoo writes and D1 audit writes, which run on other
// machines in production, do not take CPU from the ack path on this 2-core box.
export default {
  async fetch() {
    return new Response("queue sink", { status: 404 });
  },
  async queue(batch) {
    batch.ackAll();
  },
};
