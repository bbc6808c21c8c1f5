/** The tenant's protocol picks the transport; writers see only OdooClient. */
import type { OdooClient, OdooConnection, OdooContext } from "./client";
import { Json2Client } from "./json2";
import { JsonRpcClient } from "./jsonrpc";

export function odooClient(connection: OdooConnection, context?: OdooContext): OdooClient {
  return connection.protocol === "json2" ? new Json2Client(connection, context) : new JsonRpcClient(connection, context);
}
