/**
 * `Server-Timing` on the ack path (issue #11): how the server-side share of an acknowledgement
 * splits, so a sender (or the bench) can tell the router's time from the network's. Phases are
 * measured between marks; in Workers the clock only moves across I/O, so the phases that wait on
 * storage (the source's configuration, the entity objects) are the ones that show.
 * Format: RFC-style `name;dur=ms` entries (https://w3c.github.io/server-timing/).
 */
export class ServerTiming {
  private readonly started = Date.now();
  private last = this.started;
  private readonly phases: [string, number][] = [];

  /** Ends the phase `name` now (its duration is the time since the previous mark). */
  mark(name: string): void {
    const now = Date.now();
    this.phases.push([name, now - this.last]);
    this.last = now;
  }

  header(): string {
    return [...this.phases, ["total", Date.now() - this.started] as [string, number]].map(([name, ms]) => `${name};dur=${ms}`).join(", ");
  }
}
