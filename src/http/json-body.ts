/**
 * JSON request bodies validated by zod. Unparseable JSON -> 400 invalid_request; a body that parses
 * but breaks the schema -> 422 invalid_request naming the first offending field.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "./errors";

export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, "invalid_request", "body must be valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") || "body";
    throw new ApiError(422, "invalid_request", `${path}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
