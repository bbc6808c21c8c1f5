import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { standardWebhooksHeaders } from "../support/signing";

const SECRET = `whsec_${btoa("partial-route-signing-key")}`;
const FIELDS = { email: "data.email", firstName: "data.first_name", lastName: "data.last_name", phone: "data.phone", city: "data.city", countryCode: "data.country" };

it("a Standard Webhooks route declared partial writes only the fields its body has, leaving the partner's others as they are", async () => {
  const t = await createTenant();
  const source = await putSource(t, "svix", {
    provider: "standard-webhooks",
    secrets: [SECRET],
    options: {
      eventTypes: {
        "user.created": { kind: "customer", idPath: "data.id", fields: FIELDS },
        "user.updated": { kind: "customer", idPath: "data.id", fields: FIELDS, partial: true },
      },
    },
  });
  expect(source.status).toBe(201);
  const send = async (id: string, type: string, timestamp: string, data: Record<string, unknown>) => {
    const body = JSON.stringify({ type, timestamp, data: { id: "usr_41", ...data } });
    const response = await postWebhook(t, "svix", body, await standardWebhooksHeaders(body, SECRET, id, Math.floor(Date.now() / 1000)));
    const { eventId } = (await response.json()) as { eventId: string };
    return (await waitForStatus(t, eventId, ["delivered", "dead", "stale"])).status;
  };

  const full = { email: "ada@example.test", first_name: "Ada", last_name: "Lovelace", phone: "+441000", city: "London", country: "gb" };
  expect(await send("msg_p1", "user.created", "2026-11-20T10:00:00Z", full)).toBe("delivered");
  // Only the phone changed: the sender sends it alone.
  expect(await send("msg_p2", "user.updated", "2026-11-20T11:00:00Z", { phone: "+442000" })).toBe("delivered");

  const partners = await odooSearchRead<{ name: string; email: string; phone: string; city: string; country_id: [number, string] | false }>(
    t,
    "res.partner",
    ["name", "email", "phone", "city", "country_id"],
  );
  expect(partners).toEqual([
    expect.objectContaining({ name: "Ada Lovelace", email: "ada@example.test", phone: "+442000", city: "London", country_id: [expect.any(Number), expect.any(String)] }),
  ]);
});
