import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import {
  deleteExpiredLtijsDocuments,
  deleteLtijsDocuments,
  insertLtijsDocument,
  replaceLtijsDocument,
  selectLtijsDocuments,
  updateLtijsDocument,
  updateLtijsDocumentsExpiry,
} from "@/lib/models/ltijs-documents";

type Doc = Record<string, unknown>;

/** The fields that identify a document in each ltijs collection (its Mongo unique indexes, Database.js l.40–180). */
const KEYS: Record<string, string[]> = {
  platform: ["platformUrl", "clientId"],
  platformStatus: ["id"],
  publickey: ["kid"],
  privatekey: ["kid"],
  accesstoken: ["platformUrl", "clientId", "scopes"],
  idtoken: ["iss", "clientId", "deploymentId", "user"],
  contexttoken: ["contextId", "user"],
  nonce: ["nonce"],
  state: ["state"],
};

/** Lifetimes in seconds (ltijs' Mongo `expires`): checked on read, removed by `cleanup()`. */
const TTL_S: Record<string, number> = { accesstoken: 3600, idtoken: 86400, contexttoken: 86400, nonce: 10, state: 600 };

function docKey(collection: string, doc: Doc): string {
  const fields = KEYS[collection];
  if (!fields) return randomUUID();
  return JSON.stringify(fields.map((f) => doc[f] ?? null));
}

/** The document key a query names, when it filters on exactly the collection's key fields (an index lookup). */
function queryKey(collection: string, query: Doc | undefined): string | undefined {
  const fields = KEYS[collection];
  if (!fields || !query) return undefined;
  const names = Object.keys(query);
  if (names.length !== fields.length || !fields.every((f) => names.includes(f))) return undefined;
  if (fields.some((f) => query[f] === undefined || query[f] === null)) return undefined;
  return docKey(collection, query);
}

function expiresAt(collection: string): Date | null {
  const ttl = TTL_S[collection];
  return ttl ? new Date(Date.now() + ttl * 1000) : null;
}

/**
 * ltijs 5.9.9 database plugin over Postgres (Drizzle, one `ltijs_documents` table). Implements the duck-typed
 * interface ltijs calls — setup, Close, Get, Insert, Replace, Modify, Delete, Encrypt, Decrypt — with the same
 * AES-256-CBC scheme as ltijs' Mongo plugin so data stays portable.
 */
export class LtijsPostgresPlugin {
  #deployed = false;

  async setup(): Promise<boolean> {
    this.#deployed = true;
    return true;
  }

  async Close(): Promise<boolean> {
    // The database connection belongs to the app (db/client.ts), not to ltijs.
    this.#deployed = false;
    return true;
  }

  #ready(): void {
    if (!this.#deployed) throw new Error("PROVIDER_NOT_DEPLOYED");
  }

  async Get(key: string | false, collection: string, query?: Doc): Promise<Doc[] | false> {
    this.#ready();
    if (!collection) throw new Error("MISSING_COLLECTION");
    const rows = await selectLtijsDocuments({ collection, query, docKey: queryKey(collection, query) });
    if (rows.length === 0) return false;
    const withTtl = collection in TTL_S;
    return Promise.all(
      rows.map(async (row) => {
        if (!key) return withTtl ? { ...row.doc, createdAt: row.createdAt } : row.doc;
        const plain = JSON.parse(await this.Decrypt(String(row.doc.data), String(row.doc.iv), key));
        // ltijs' access-token cache compares createdAt (epoch ms) with expires_in.
        return withTtl ? { ...plain, createdAt: row.createdAt.getTime() } : plain;
      }),
    );
  }

  async #stored(key: string | false, item: Doc, index?: Doc): Promise<Doc> {
    if (!key) return item;
    if (!index) throw new Error("MISSING_PARAMS");
    const encrypted = await this.Encrypt(JSON.stringify(item), key);
    return { ...index, iv: encrypted.iv, data: encrypted.data };
  }

  async Insert(key: string | false, collection: string, item: Doc, index?: Doc): Promise<boolean> {
    this.#ready();
    if (!collection || !item) throw new Error("MISSING_PARAMS");
    const doc = await this.#stored(key, item, index);
    await insertLtijsDocument({ collection, docKey: docKey(collection, doc), doc, expiresAt: expiresAt(collection) });
    return true;
  }

  async Replace(key: string | false, collection: string, query: Doc, item: Doc, index?: Doc): Promise<boolean> {
    this.#ready();
    if (!collection || !item) throw new Error("MISSING_PARAMS");
    const doc = await this.#stored(key, item, index);
    await replaceLtijsDocument({ collection, query, docKey: docKey(collection, doc), doc, expiresAt: expiresAt(collection) });
    return true;
  }

  async Modify(key: string | false, collection: string, query: Doc, modification: Doc): Promise<boolean> {
    this.#ready();
    if (!collection || !query || !modification) throw new Error("MISSING_PARAMS");
    const [row] = await selectLtijsDocuments({ collection, query, docKey: queryKey(collection, query) });
    if (!row) return true;
    let doc: Doc;
    if (key) {
      // As ltijs' Mongo plugin: decrypt, set only the first field of the modification, re-encrypt.
      const plain = JSON.parse(await this.Decrypt(String(row.doc.data), String(row.doc.iv), key));
      const [field, value] = Object.entries(modification)[0];
      plain[field] = value;
      doc = { ...row.doc, ...(await this.Encrypt(JSON.stringify(plain), key)) };
    } else {
      doc = { ...row.doc, ...modification };
    }
    await updateLtijsDocument({ id: row.id, docKey: docKey(collection, doc), doc });
    return true;
  }

  async Delete(collection: string, query: Doc): Promise<boolean> {
    this.#ready();
    if (!collection || !query) throw new Error("MISSING_PARAMS");
    await deleteLtijsDocuments({ collection, query });
    return true;
  }

  async Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }> {
    const key = createHash("sha256").update(secret).digest();
    const iv = randomBytes(16);
    const cipher = createCipheriv("aes-256-cbc", key, iv);
    return { iv: iv.toString("hex"), data: Buffer.concat([cipher.update(data), cipher.final()]).toString("hex") };
  }

  async Decrypt(data: string, iv: string, secret: string): Promise<string> {
    const key = createHash("sha256").update(secret).digest();
    const decipher = createDecipheriv("aes-256-cbc", key, Buffer.from(iv, "hex"));
    return Buffer.concat([decipher.update(Buffer.from(data, "hex")), decipher.final()]).toString();
  }

  /**
   * Not part of ltijs' interface: gives matching documents an expiry (e.g. a retired tool key stays published for a
   * grace period, then disappears from the keyset on read and from the table at cleanup).
   */
  async setExpiry(collection: string, query: Doc, expiresAt: Date): Promise<void> {
    this.#ready();
    await updateLtijsDocumentsExpiry({ collection, query, expiresAt });
  }

  /** Removes expired documents (call from a scheduled job; no timers run inside the plugin). */
  async cleanup(): Promise<number> {
    return deleteExpiredLtijsDocuments();
  }
}
