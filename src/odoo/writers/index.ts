/** Canonical kind -> Odoo flow. */
import type { CanonicalEvent } from "../../events/canonical";
import type { WriteContext, WriteResult } from "./context";
import { writeOrder } from "./order";
import { writeCustomer } from "./partner";
import { writeProduct } from "./product";

export function writeEvent(ctx: WriteContext, event: CanonicalEvent): Promise<WriteResult> {
  switch (event.kind) {
    case "customer":
      return writeCustomer(ctx, event.externalId, event.data);
    case "product":
      return writeProduct(ctx, event.externalId, event.data);
    case "order":
      return writeOrder(ctx, event.externalId, event.data);
  }
}
