/** The tenant's protocol picks the transport; writers see only OdooClient. */
import type { OdooClient, OdooConnection } from "./client";
import { Json2Client } from "./json2";
import { JsonRpcClient } from "./jsonrpc";

export function odooClient(connection: OdooConnection): OdooClient {
  return connection.protocol === "json2" ? new Json2Client(connection) : new JsonRpcClient(connection);
}
