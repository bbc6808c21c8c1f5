/**
 * The outbound flows by name (src/outbound/flow.ts): one module each, deciding what a provider
 * should hold from Odoo's current state. A flow not listed here is refused by the routing check.
 */
import type { OutboundFlow, OutboundFlowName } from "../flow";
import { accountStatusFlow } from "./account-status";
import { consentFlow } from "./consent";
import { invoiceStatusFlow } from "./invoice-status";
import { priceFlow } from "./price";
import { shipmentFlow } from "./shipment";
import { stockFlow } from "./stock";

export const OUTBOUND_FLOW_MODULES: { readonly [F in OutboundFlowName]?: OutboundFlow<F> } = {
  stock: stockFlow,
  shipment: shipmentFlow,
  invoiceStatus: invoiceStatusFlow,
  accountStatus: accountStatusFlow,
  price: priceFlow,
  consent: consentFlow,
};
