// The "limit" worker: same runtime, same settings, same requests as the router, but it only reads
// the body and acknowledges. Its throughput is the ceiling the router is compared with.
export default {
  async fetch(request) {
    const body = await request.arrayBuffer();
    return Response.json({ status: "accepted", bytes: body.byteLength }, { status: 202 });
  },
};
