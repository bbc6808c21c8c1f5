// The tests' outbound service: a call to a provider host goes to its fake, everything else (Odoo
// databases on "odoo-<tenant>.test" hosts) to the Odoo emulator worker (binding ODOO).
import { fakeFor } from "./index.mjs";

export default {
  async fetch(request, env) {
    const fake = fakeFor(new URL(request.url));
    return fake ? fake.fetch(request) : env.ODOO.fetch(request);
  },
};
