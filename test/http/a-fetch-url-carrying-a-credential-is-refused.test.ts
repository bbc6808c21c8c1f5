import { expect, it } from "vitest";
import { createTenant } from "../support/router";
import { fakeAccount, oauth2Api, putThinSource } from "../support/generic-api";

it("a generic api fetchUrl (shown in the sources listing) carrying a user, password or key is refused with 422 naming the field", async () => {
  const t = await createTenant();
  const account = await fakeAccount();
  const api = oauth2Api(account);
  for (const fetchUrl of ["https://user:pass@api.generic.test/x/{id}", "https://api.generic.test/x/{id}?api_key=k-123", "https://api.generic.test/x/{id}?a=1&token=t-1"]) {
    const response = await putThinSource(t, "crm", { ...api, fetchUrl });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain("fetchUrl");
    expect(body.error.message).not.toContain("k-123");
  }
  expect((await putThinSource(t, "crm", api)).status).toBe(201);
});
