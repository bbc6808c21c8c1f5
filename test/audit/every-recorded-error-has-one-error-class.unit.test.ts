/**
 * The texts below are the ones the code base records (src/odoo/*, src/delivery/*) and Odoo's own
 * (as the emulator reproduces them, and account/models/account_move.py's journal error).
 */
import { describe, expect, it } from "vitest";
import { errorClassOf, errorClassOfEvent } from "../../src/audit/error-class";

const e = (category: string, message: string, name: string | null = null) => ({ category, name, message });

describe("error classes", () => {
  it("waiting for another entity is a dependency, also once it gave up", () => {
    expect(errorClassOf(e("retryable", "payment 9001 waits for order 77 to be written to Odoo first"))).toBe("dependency");
    expect(errorClassOf(e("retryable", "invoice in_1 waits for its customer to be written to Odoo first"))).toBe("dependency");
    expect(errorClassOf(e("retryable", "waiting for customer 42, which another delivery is writing"))).toBe("dependency");
    expect(errorClassOf(e("retryable", "refund r1 waits for payment p1 of order S00012 to be written first"))).toBe("dependency");
    expect(
      errorClassOf(e("retryable", "gave up after 200 attempts over 72 h: payment 9001 waits for order 77 to be written to Odoo first")),
    ).toBe("dependency");
  });

  it("login and rights problems are auth", () => {
    expect(errorClassOf(e("auth", 'Odoo refused the login "bot" on database "acme" (authenticate returned false)'))).toBe("auth");
    expect(errorClassOf(e("auth", 'tenant "acme" has no Odoo connection configured'))).toBe("auth");
    expect(errorClassOf(e("auth", "Access Denied", "odoo.exceptions.AccessDenied"))).toBe("auth");
    expect(errorClassOf(e("business", "You are not allowed to create 'Sales Order' (sale.order) records.", "odoo.exceptions.AccessError"))).toBe("auth");
  });

  it("routing and Odoo set-up problems are config", () => {
    const config = [
      e("business", 'product "SKU-1" is not in Odoo and the tenant\'s routing does not create products from orders'),
      e("business", 'configuration: the routing maps note to sale.order.x_note, but sale.order has no field "x_note" in this Odoo database (17.0): create the field in Odoo (or install its module) or change the mapping, then replay'),
      e("business", "configuration: the order is in EUR and this Odoo database has no active EUR pricelist: create one (Sales > Products > Pricelists), name it in the routing (pricelists.EUR), or set routing pricelists.create = true, then replay"),
      e("business", "currency NZD is not in this Odoo database: activate it (Accounting > Currencies), then replay"),
      e("business", "no exchange rate for NZD in this Odoo database: add one (Accounting > Currencies), then replay"),
      e("business", "invoice in_1 needs its customer, whose events the tenant's routing ignores (flows.customer)"),
      e("business", 'the tenant\'s routing ignores order events (flows.order = "ignore")'),
      e("business", 'the Helpdesk app (helpdesk.ticket) is not installed in this Odoo: install it, or set the tenant routing "tickets": {"fallback": "project.task", "projectId": <project id>}, then replay'),
      e("business", "No journal could be found in company My Company for any of those types: bank", "odoo.exceptions.UserError"),
      e("business", "Invalid field 'x_channel' on model 'sale.order'", "builtins.ValueError"),
      e("business", "Object helpdesk.ticket doesn't exist", "odoo.exceptions.UserError"),
    ];
    for (const error of config) expect(errorClassOf(error), error.message).toBe("config");
  });

  it("Odoo refusing the provider's data is data", () => {
    const data = [
      e("business", "The operation cannot be completed: Missing required value for the field 'Customer' (partner_id).", "odoo.exceptions.ValidationError"),
      e("business", "Invalid email jane@example", "odoo.exceptions.ValidationError"),
      e("business", "Wrong value for sale.order.state: 'shipped'", "builtins.ValueError"),
      e("business", "order S00012 is confirmed in Odoo: its header was updated, but its lines changed at the provider (3 lines, Odoo has 2) and Odoo does not allow rewriting a confirmed order's lines; change them in Odoo"),
      e("business", "refund r1: the refund is not in the currency of invoice INV/2026/0001 (EUR); credit it in Odoo"),
      e("not_found", "sale.order 12 is gone from Odoo"),
      e("business", "You can't register a payment because there is nothing left to pay on the selected journal items.", "odoo.exceptions.UserError"),
    ];
    for (const error of data) expect(errorClassOf(error), error.message).toBe("data");
  });

  it("Odoo or the network failing for now is transient", () => {
    expect(errorClassOf(e("retryable", "Odoo unreachable: connect ECONNREFUSED"))).toBe("transient");
    expect(errorClassOf(e("retryable", "Odoo answered HTTP 503: Service Unavailable"))).toBe("transient");
    expect(errorClassOf(e("retryable", "could not serialize access due to concurrent update", "psycopg2.errors.SerializationFailure"))).toBe("transient");
    expect(errorClassOf(e("exhausted", "the write message exhausted its queue retries"))).toBe("transient");
    expect(errorClassOf(e("retryable", "gave up after 200 attempts over 72 h: Odoo unreachable: timeout"))).toBe("transient");
  });

  it("only retrying and dead events carry a class", () => {
    const error = e("retryable", "Odoo unreachable: timeout");
    expect(errorClassOfEvent("retrying", error)).toBe("transient");
    expect(errorClassOfEvent("dead", error)).toBe("transient");
    expect(errorClassOfEvent("delivered", error)).toBeNull();
    expect(errorClassOfEvent("dead", null)).toBeNull();
  });
});
