// A small GraphQL reader for the Shopify fake: parses an operation (fields, aliases, arguments,
// variables, inline fragments), computes its requested cost by Shopify's documented rules (scalar
// and enum 0, object 1, mutation 10, connection 2 + first x one node; shopify.dev/docs/apps/build/apis/
// graphql-admin/rate-limits), and executes it over plain JSON objects typed by a schema, refusing
// fields the schema does not have the way Shopify does ("Field 'x' doesn't exist on type 'Order'").

export class GraphQLError extends Error {
  constructor(message, extensions) {
    super(message);
    this.extensions = extensions;
  }
}

// ---- parsing ----

function tokenize(source) {
  const tokens = [];
  const re = /\s+|,|#[^\n]*|(\.\.\.)|([{}():!$\[\]=@])|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([_A-Za-z][_0-9A-Za-z]*)/gy;
  let m;
  let at = 0;
  while (at < source.length) {
    re.lastIndex = at;
    m = re.exec(source);
    if (!m || m.index !== at) throw new GraphQLError(`Parse error on "${source.slice(at, at + 10)}" at [${at}]`, { code: "parseError" });
    at = re.lastIndex;
    if (m[1]) tokens.push({ t: "spread" });
    else if (m[2]) tokens.push({ t: m[2] });
    else if (m[3]) tokens.push({ t: "string", v: JSON.parse(m[3]) });
    else if (m[4]) tokens.push({ t: "number", v: Number(m[4]) });
    else if (m[5]) tokens.push({ t: "name", v: m[5] });
  }
  return tokens;
}

export function parse(source) {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (t) => {
    const token = tokens[i++];
    if (!token || token.t !== t) throw new GraphQLError(`Parse error on ${token ? JSON.stringify(token.v ?? token.t) : "end of query"} (expected ${t})`, { code: "parseError" });
    return token;
  };
  function value() {
    const token = tokens[i++];
    if (!token) throw new GraphQLError("Parse error on end of query", { code: "parseError" });
    if (token.t === "$") return { variable: expect("name").v };
    if (token.t === "string" || token.t === "number") return { literal: token.v };
    if (token.t === "name") {
      if (token.v === "true" || token.v === "false") return { literal: token.v === "true" };
      if (token.v === "null") return { literal: null };
      return { literal: token.v, enum: true };
    }
    if (token.t === "[") {
      const items = [];
      while (peek()?.t !== "]") items.push(value());
      i++;
      return { list: items };
    }
    throw new GraphQLError(`Parse error on "${token.t}"`, { code: "parseError" });
  }
  function selectionSet() {
    expect("{");
    const selections = [];
    while (peek() && peek().t !== "}") {
      if (peek().t === "spread") {
        i++;
        const on = expect("name");
        if (on.v !== "on") throw new GraphQLError("Named fragments are not supported by this fake", { code: "parseError" });
        selections.push({ fragmentOn: expect("name").v, selections: selectionSet() });
        continue;
      }
      let name = expect("name").v;
      let alias = name;
      if (peek()?.t === ":") {
        i++;
        name = expect("name").v;
      }
      const args = {};
      if (peek()?.t === "(") {
        i++;
        while (peek()?.t !== ")") {
          const arg = expect("name").v;
          expect(":");
          args[arg] = value();
        }
        i++;
      }
      // Directives (`@idempotent(key: "...")` on a mutation field): name -> arguments.
      const directives = {};
      while (peek()?.t === "@") {
        i++;
        const directive = expect("name").v;
        const dargs = {};
        if (peek()?.t === "(") {
          i++;
          while (peek()?.t !== ")") {
            const arg = expect("name").v;
            expect(":");
            dargs[arg] = value();
          }
          i++;
        }
        directives[directive] = dargs;
      }
      selections.push({ name, alias, args, directives, selections: peek()?.t === "{" ? selectionSet() : null });
    }
    expect("}");
    return selections;
  }
  let operationName = null;
  let operation = "query";
  const variables = [];
  if (peek()?.t === "name") {
    operation = expect("name").v;
    if (operation !== "query" && operation !== "mutation") throw new GraphQLError(`Only queries and mutations are supported by this fake (got ${operation})`, { code: "parseError" });
    if (peek()?.t === "name") operationName = expect("name").v;
    if (peek()?.t === "(") {
      i++;
      while (peek()?.t !== ")") {
        expect("$");
        const name = expect("name").v;
        expect(":");
        // The type: a name, a list, a non-null mark.
        while (peek() && peek().t !== "$" && peek().t !== ")") i++;
        variables.push(name);
      }
      i++;
    }
  }
  const selections = selectionSet();
  if (i !== tokens.length) throw new GraphQLError("Parse error: text after the operation", { code: "parseError" });
  return { operation, operationName, variables, selections };
}

// ---- schema-typed execution and cost ----

/** The value of an argument, with variables resolved. */
export function argValue(arg, variables) {
  if (!arg) return undefined;
  if ("variable" in arg) return variables[arg.variable] ?? null;
  if ("list" in arg) return arg.list.map((a) => argValue(a, variables));
  return arg.literal;
}

const MAX_PAGE = 250;

/**
 * schema: { [type]: { [field]: "scalar" | { object: type } | { list: type } | { connection: type } } }.
 * Returns the requested cost of a selection set on a type.
 */
export function requestedCost(schema, type, selections, variables) {
  let cost = 0;
  for (const s of selections) {
    if (s.fragmentOn) {
      cost += requestedCost(schema, s.fragmentOn, s.selections, variables);
      continue;
    }
    const field = fieldOf(schema, type, s.name);
    if (field === "scalar") continue;
    // A mutation costs 10 points (shopify.dev/docs/api/usage/limits#cost-calculation), an object 1.
    if (field.object) cost += (type === "MutationRoot" ? 10 : 1) + requestedCost(schema, field.object, s.selections ?? [], variables);
    else if (field.list) cost += 1 + requestedCost(schema, field.list, s.selections ?? [], variables);
    else cost += 2 + pageSize(s, variables) * (1 + requestedCost(schema, field.connection, connectionNodeSelections(s), variables));
  }
  return cost;
}

function fieldOf(schema, type, name) {
  if (name === "__typename") return "scalar";
  const field = schema[type]?.[name];
  if (!field) throw new GraphQLError(`Field '${name}' doesn't exist on type '${type}'`, { code: "undefinedField", typeName: type, fieldName: name });
  return field;
}

function pageSize(selection, variables) {
  const first = argValue(selection.args.first, variables);
  const last = argValue(selection.args.last, variables);
  const size = first ?? last;
  if (typeof size !== "number") throw new GraphQLError("you must provide one of first or last", { code: "argumentLiteralsIncompatible" });
  if (size > MAX_PAGE || size < 0) throw new GraphQLError(`The maximum number of items per page is ${MAX_PAGE}`, { code: "argumentLiteralsIncompatible" });
  return size;
}

/** The node selections of a connection selection (`nodes { }` and `edges { node { } }`). */
function connectionNodeSelections(s) {
  const out = [];
  for (const sub of s.selections ?? []) {
    if (sub.name === "nodes") out.push(...(sub.selections ?? []));
    if (sub.name === "edges") for (const e of sub.selections ?? []) if (e.name === "node") out.push(...(e.selections ?? []));
  }
  return out;
}

export const encodeCursor = (key) => btoa(JSON.stringify(key));
export function decodeCursor(cursor) {
  try {
    return JSON.parse(atob(cursor));
  } catch {
    throw new GraphQLError(`Invalid cursor for current pagination sort.`, { code: "badRequest" });
  }
}

/**
 * Executes a selection set on a value of `type`. `resolveConnection(selection, parentValue, field)`
 * returns `{ items, cursorOf(item), hasNextPage }` for root connections; nested connections page
 * their array by index. Returns `{ data, actualCost }`.
 */
export function execute(schema, type, value, selections, variables, resolveRoot) {
  let actual = 0;
  function run(type, value, selections) {
    const out = {};
    for (const s of selections) {
      if (s.fragmentOn) {
        if (value.__typename === undefined || value.__typename === s.fragmentOn) Object.assign(out, run(s.fragmentOn, value, s.selections));
        continue;
      }
      const field = fieldOf(schema, type, s.name);
      if (s.name === "__typename") {
        out[s.alias] = type;
        continue;
      }
      const rooted = resolveRoot && (type === "QueryRoot" || type === "MutationRoot");
      const own = rooted ? resolveRoot(s, variables) : value[s.name];
      // A field with arguments (`inventoryLevel(locationId:)`) is a function of them in the data.
      const raw = typeof own === "function" ? own(Object.fromEntries(Object.entries(s.args).map(([k, a]) => [k, argValue(a, variables)]))) : own;
      if (field === "scalar") {
        out[s.alias] = raw ?? null;
        continue;
      }
      if (field.object) {
        if (raw === null || raw === undefined) {
          out[s.alias] = null;
          continue;
        }
        actual += 1;
        out[s.alias] = run(field.object, raw, s.selections ?? []);
        continue;
      }
      if (field.list) {
        // A plain list (`[Fulfillment!]!`), cut at `first` when given.
        const first = argValue(s.args.first, variables);
        const items = (Array.isArray(raw) ? raw : []).slice(0, typeof first === "number" ? first : undefined);
        actual += items.length;
        out[s.alias] = items.map((item) => (field.list === "scalar" ? item : run(field.list, item, s.selections ?? [])));
        continue;
      }
      // A connection: root connections come paged by resolveRoot; nested ones are arrays.
      const page = raw && raw.items ? raw : pageArray(Array.isArray(raw) ? raw : [], s, variables);
      actual += 2;
      const conn = {};
      for (const sub of s.selections ?? []) {
        if (sub.name === "nodes") {
          actual += page.items.length;
          conn[sub.alias] = page.items.map((item) => run(field.connection, item, sub.selections ?? []));
        } else if (sub.name === "edges") {
          actual += page.items.length;
          conn[sub.alias] = page.items.map((item) => {
            const edge = {};
            for (const e of sub.selections ?? []) {
              if (e.name === "node") edge[e.alias] = run(field.connection, item, e.selections ?? []);
              else if (e.name === "cursor") edge[e.alias] = page.cursorOf(item);
              else throw new GraphQLError(`Field '${e.name}' doesn't exist on type '${field.connection}Edge'`, { code: "undefinedField" });
            }
            return edge;
          });
        } else if (sub.name === "pageInfo") {
          const last = page.items[page.items.length - 1];
          const first = page.items[0];
          const info = {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage ?? false,
            endCursor: last ? page.cursorOf(last) : null,
            startCursor: first ? page.cursorOf(first) : null,
          };
          const pi = {};
          for (const p of sub.selections ?? []) {
            if (!(p.name in info)) throw new GraphQLError(`Field '${p.name}' doesn't exist on type 'PageInfo'`, { code: "undefinedField" });
            pi[p.alias] = info[p.name];
          }
          conn[sub.alias] = pi;
        } else {
          throw new GraphQLError(`Field '${sub.name}' doesn't exist on type '${field.connection}Connection'`, { code: "undefinedField" });
        }
      }
      out[s.alias] = conn;
    }
    return out;
  }
  const data = run(type, value, selections);
  return { data, actualCost: actual };
}

/** A nested list paged by index (cursors are positions). */
function pageArray(items, selection, variables) {
  const size = pageSize(selection, variables);
  const after = argValue(selection.args.after, variables);
  const start = after ? decodeCursor(after).index + 1 : 0;
  const page = items.slice(start, start + size);
  return {
    items: page,
    hasNextPage: start + size < items.length,
    hasPreviousPage: start > 0,
    cursorOf: (item) => encodeCursor({ index: items.indexOf(item) }),
  };
}
