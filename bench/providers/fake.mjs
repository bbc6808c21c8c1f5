// Realistic values for generated payloads (people, addresses, products). Fictitious, never real PII:
// example.test e-mail domains and 555 phone numbers.

const FIRST = ["Jane", "John", "Amelia", "Noah", "Olivia", "Liam", "Sofia", "Lucas", "Chloé", "Mateo", "Hana", "Yuki",
  "Priya", "Arjun", "Fatima", "Omar", "Ingrid", "Lars", "Zoe", "Ethan", "Maya", "Leon", "Emma", "Felix"];
const LAST = ["Roe", "Doe", "Martin", "Garcia", "Schmidt", "Rossi", "Dubois", "Tanaka", "Kowalski", "Nguyen", "Silva",
  "Andersen", "Okafor", "Haddad", "Novak", "Fischer", "Moreau", "Sato", "Patel", "Murphy", "Costa", "Lindqvist"];
const STREETS = ["Maple Avenue", "King Street West", "Rue de la Paix", "Elm Street", "Harbour Road", "Queen Street",
  "Main Street", "Oak Lane", "Station Road", "Bahnhofstrasse", "Calle Mayor", "Church Street"];
export const PLACES = [
  { city: "Ottawa", zip: "K2P 1L4", province: "Ontario", province_code: "ON", country: "Canada", country_code: "CA", country_name: "Canada", phonePrefix: "+1 613" },
  { city: "Toronto", zip: "M5V 2T6", province: "Ontario", province_code: "ON", country: "Canada", country_code: "CA", country_name: "Canada", phonePrefix: "+1 416" },
  { city: "Montréal", zip: "H2Y 1C6", province: "Quebec", province_code: "QC", country: "Canada", country_code: "CA", country_name: "Canada", phonePrefix: "+1 514" },
  { city: "New York", zip: "10013", province: "New York", province_code: "NY", country: "United States", country_code: "US", country_name: "United States", phonePrefix: "+1 212" },
  { city: "Austin", zip: "78701", province: "Texas", province_code: "TX", country: "United States", country_code: "US", country_name: "United States", phonePrefix: "+1 512" },
  { city: "San Francisco", zip: "94103", province: "California", province_code: "CA", country: "United States", country_code: "US", country_name: "United States", phonePrefix: "+1 415" },
  { city: "Seattle", zip: "98101", province: "Washington", province_code: "WA", country: "United States", country_code: "US", country_name: "United States", phonePrefix: "+1 206" },
  { city: "Paris", zip: "75002", province: null, province_code: null, country: "France", country_code: "FR", country_name: "France", phonePrefix: "+33 1" },
  { city: "Berlin", zip: "10115", province: null, province_code: null, country: "Germany", country_code: "DE", country_name: "Germany", phonePrefix: "+49 30" },
  { city: "Brussels", zip: "1000", province: null, province_code: null, country: "Belgium", country_code: "BE", country_name: "Belgium", phonePrefix: "+32 2" },
];
const COMPANIES = [null, null, null, "Northwind Traders", "Blue Harbor Studio", "Atelier Lumière", "Kettle & Co", "Acme Outfitters"];
const PRODUCTS = [
  { title: "Ceramic Mug", type: "Kitchen", vendor: "Kiln Works", options: ["Color"], values: [["Red", "Blue", "Sand", "Charcoal"]], price: [12, 24] },
  { title: "Organic Cotton T-Shirt", type: "Apparel", vendor: "Good Threads", options: ["Size", "Color"], values: [["XS", "S", "M", "L", "XL"], ["White", "Black", "Olive"]], price: [18, 35] },
  { title: "Merino Wool Beanie", type: "Accessories", vendor: "Highland Knit", options: ["Color"], values: [["Grey", "Navy", "Mustard"]], price: [22, 39] },
  { title: "Leather Notebook Cover", type: "Stationery", vendor: "Tannery Row", options: ["Size"], values: [["A6", "A5", "B5"]], price: [29, 65] },
  { title: "Pour-Over Coffee Set", type: "Kitchen", vendor: "Kiln Works", options: ["Finish"], values: [["Matte", "Glossy"]], price: [45, 89] },
  { title: "Canvas Weekender Bag", type: "Bags", vendor: "Harbor Supply", options: ["Color"], values: [["Khaki", "Black", "Forest"]], price: [89, 179] },
  { title: "Trail Running Socks", type: "Apparel", vendor: "Good Threads", options: ["Size"], values: [["S", "M", "L"]], price: [9, 16] },
  { title: "Bamboo Cutting Board", type: "Kitchen", vendor: "Grove & Grain", options: ["Size"], values: [["Small", "Medium", "Large"]], price: [19, 49] },
];
const NOTES = [null, null, "Please leave at the front desk.", "Gift wrap, no invoice in the parcel.", "Call before delivery.",
  "Customer asked for eco packaging."];
const AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
];

export function person(rng, id) {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const place = rng.pick(PLACES);
  return {
    first,
    last,
    email: `${first}.${last}.${id}@example.test`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""),
    phone: `${place.phonePrefix} 555 ${String(rng.int(1000, 9999))}`,
    company: rng.pick(COMPANIES),
    place,
    street: `${rng.int(1, 999)} ${rng.pick(STREETS)}`,
    street2: rng.chance(0.3) ? `Suite ${rng.int(100, 2400)}` : null,
  };
}

export const note = (rng) => rng.pick(NOTES);
export const userAgent = (rng) => rng.pick(AGENTS);
export const money = (n) => n.toFixed(2);

/** A catalogue product: variants with stable SKUs (the same SKUs appear in order lines). */
export function catalogProduct(rng, index) {
  const base = PRODUCTS[index % PRODUCTS.length];
  const combos = [[]];
  for (const values of base.values) {
    const next = [];
    for (const c of combos) for (const v of values) next.push([...c, v]);
    combos.splice(0, combos.length, ...next);
  }
  const variantCount = Math.min(combos.length, rng.int(1, 15));
  const price = rng.int(base.price[0], base.price[1]) - 0.01;
  const code = base.title.split(" ").map((w) => w[0]).join("").toUpperCase();
  return {
    index,
    title: `${base.title} ${index}`,
    type: base.type,
    vendor: base.vendor,
    options: base.options.map((name, i) => ({ name, values: [...new Set(combos.slice(0, variantCount).map((c) => c[i]))] })),
    variants: combos.slice(0, variantCount).map((combo, i) => ({
      index: i,
      title: combo.join(" / "),
      options: combo,
      sku: `${code}-${index}-${combo.map((v) => v.replace(/\W/g, "").slice(0, 3).toUpperCase()).join("-")}`,
      price: money(price + (i % 3) * 2),
      grams: rng.int(80, 1500),
      barcode: rng.chance(0.5) ? String(rng.int(100000000, 999999999)) + String(rng.int(1000, 9999)) : null,
    })),
  };
}
