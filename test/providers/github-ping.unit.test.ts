import { describe, expect, it } from "vitest";
import { github } from "../../src/providers/github";
import { MalformedPayloadError } from "../../src/providers/provider";
import ping from "../fixtures/github/ping.json?raw";

const normalize = (event: string, raw: string) =>
  github.normalize(
    {
      body: new TextEncoder().encode(raw),
      headers: new Headers({ "x-github-event": event, "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" }),
      method: "POST",
      url: "https://router.test/webhooks/acme/gh",
      receivedAt: 0,
    },
    { tenantId: "acme", sourceId: "gh", provider: "github", secrets: [], options: {} },
  );

describe("GitHub normalization", () => {
  it("acknowledges a ping as ignored, with its hook id and zen line, deduped by X-GitHub-Delivery", () => {
    expect(normalize("ping", ping)).toEqual({
      outcome: "ignored",
      deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      topic: "ping",
      reason: "GitHub ping (hook 109948940, zen: Anything added dilutes everything else.): the webhook reaches the router and is verified",
    });
  });

  it("ignores every other event without reading its body", () => {
    expect(normalize("push", "not json")).toMatchObject({ outcome: "ignored", topic: "push", reason: 'GitHub event "push" is not routed' });
  });

  it("a ping body that is not a ping is malformed", () => {
    expect(() => normalize("ping", "{}")).toThrow(MalformedPayloadError);
    expect(() => normalize("ping", "nope")).toThrow(MalformedPayloadError);
  });

  it("has no options: unknown ones are rejected", () => {
    expect(github.optionsSchema.safeParse({}).success).toBe(true);
    expect(github.optionsSchema.safeParse({ secretHeader: "x" }).success).toBe(false);
  });
});
