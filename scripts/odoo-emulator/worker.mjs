// workerd module worker serving the Odoo external-API EMULATOR (not Odoo).
// Fault kind "reset" answers 502 "connection reset (emulated)" here: a
// worker cannot reset the client's connection.
import { createEmulator } from "./emulator.mjs";

const emu = createEmulator();

export default { fetch: (req) => emu.fetch(req) };
