import { describe, expect, it } from "vitest";
import { keyIdOf, open, parseKeyRing, seal, SecretKeyConfigError } from "../../src/security/secret-box";
import { sealV1 } from "../support/legacy-secret";

const OLD_KEY = btoa("o".repeat(32));
const NEW_KEY = btoa("n".repeat(32));

describe("SECRETS_KEY rotation", () => {
  it("a value sealed with the previous key opens once that key is in SECRETS_KEYS_PREVIOUS", async () => {
    const before = parseKeyRing({ SECRETS_KEY: OLD_KEY, SECRETS_KEY_ID: "2025" });
    const sealed = await seal(before, "odoo-key", "tenant:acme");
    expect(keyIdOf(sealed)).toBe("2025");

    const after = parseKeyRing({ SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "2026", SECRETS_KEYS_PREVIOUS: `2025:${OLD_KEY}` });
    expect(await open(after, sealed, "tenant:acme")).toBe("odoo-key");
    // New values carry the current key id.
    expect(keyIdOf(await seal(after, "x", "tenant:acme"))).toBe("2026");
    // The key id does not unbind a value from its row.
    await expect(open(after, sealed, "tenant:other")).rejects.toThrow();
  });

  it("a value whose key id is no longer configured fails, naming the variables", async () => {
    const sealed = await seal(parseKeyRing({ SECRETS_KEY: OLD_KEY, SECRETS_KEY_ID: "2025" }), "x", "c");
    await expect(open(parseKeyRing({ SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "2026" }), sealed, "c")).rejects.toThrow(
      /key id "2025".*SECRETS_KEY_ID.*SECRETS_KEYS_PREVIOUS/,
    );
  });

  it("values sealed before key ids existed (v1) open with the current or a previous key", async () => {
    const legacy = await sealV1(OLD_KEY, "legacy-secret", "source:acme/shop");
    expect(keyIdOf(legacy)).toBeNull();
    expect(await open(parseKeyRing({ SECRETS_KEY: OLD_KEY }), legacy, "source:acme/shop")).toBe("legacy-secret");
    const rotated = parseKeyRing({ SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "k2", SECRETS_KEYS_PREVIOUS: `k1:${OLD_KEY}` });
    expect(await open(rotated, legacy, "source:acme/shop")).toBe("legacy-secret");
    await expect(open(parseKeyRing({ SECRETS_KEY: NEW_KEY }), legacy, "source:acme/shop")).rejects.toThrow();
  });

  it("a malformed key configuration is refused with the variable and its expected format", () => {
    const refused = (vars: Parameters<typeof parseKeyRing>[0]) => {
      try {
        parseKeyRing(vars);
      } catch (err) {
        expect(err).toBeInstanceOf(SecretKeyConfigError);
        return (err as Error).message;
      }
      throw new Error("accepted");
    };
    expect(refused({ SECRETS_KEY: btoa("short") })).toMatch(/^SECRETS_KEY must be base64 of exactly 32 bytes/);
    expect(refused({ SECRETS_KEY: "not base64!" })).toMatch(/^SECRETS_KEY must be base64/);
    expect(refused({ SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "has space" })).toMatch(/^SECRETS_KEY_ID must be/);
    expect(refused({ SECRETS_KEY: NEW_KEY, SECRETS_KEYS_PREVIOUS: OLD_KEY })).toMatch(/^SECRETS_KEYS_PREVIOUS must be "id:base64,id:base64"/);
    expect(refused({ SECRETS_KEY: NEW_KEY, SECRETS_KEYS_PREVIOUS: "old:abc" })).toMatch(/SECRETS_KEYS_PREVIOUS \(key "old"\) must be base64 of exactly 32 bytes/);
    expect(refused({ SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "k1", SECRETS_KEYS_PREVIOUS: `k1:${OLD_KEY}` })).toMatch(/used twice/);
  });
});
