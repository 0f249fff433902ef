import { and, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { prepared, statementName } from "@/db/prepared";

const { ltijsDocuments } = schema;

export type LtijsDocument = typeof ltijsDocuments.$inferSelect;
type Doc = Record<string, unknown>;

/** Rows of a collection whose document contains every top-level field of `query` (ltijs' equality filters). */
function matching(collection: string, query: Doc | undefined) {
  return and(
    eq(ltijsDocuments.collection, collection),
    query && Object.keys(query).length > 0 ? sql`${ltijsDocuments.doc} @> ${JSON.stringify(query)}::jsonb` : undefined,
  );
}

const live = () => or(isNull(ltijsDocuments.expiresAt), gt(ltijsDocuments.expiresAt, new Date()));

/**
 * Unexpired documents matching the query (expiry is enforced here, on read). With `docKey` (the query names exactly
 * a document's key fields) the lookup uses the unique index instead of scanning the collection.
 */
export async function selectLtijsDocuments({ collection, query, docKey }: { collection: string; query?: Doc; docKey?: string }) {
  if (docKey) return byKey().execute({ collection, docKey, now: new Date() });
  return db().select().from(ltijsDocuments).where(and(matching(collection, query), live()));
}

// ltijs looks up every launch's nonce by key.
const byKey = prepared("ltijs_document_by_key", (d) =>
  d
    .select()
    .from(ltijsDocuments)
    .where(
      and(
        eq(ltijsDocuments.collection, sql.placeholder("collection")),
        eq(ltijsDocuments.docKey, sql.placeholder("docKey")),
        or(isNull(ltijsDocuments.expiresAt), gt(ltijsDocuments.expiresAt, sql.placeholder("now"))),
      ),
    )
    .prepare(statementName("ltijs_document_by_key")),
);

/** Inserts a document; a duplicate key (e.g. a replayed nonce) throws. */
export async function insertLtijsDocument(values: { collection: string; docKey: string; doc: Doc; expiresAt: Date | null }) {
  await db().insert(ltijsDocuments).values(values);
}

/**
 * Replaces the documents matching `query` with one document: rows under other keys are removed, the row under this
 * key is upserted with INSERT … ON CONFLICT (no delete-then-insert window for concurrent readers).
 */
export async function replaceLtijsDocument({
  collection,
  query,
  docKey,
  doc,
  expiresAt,
}: {
  collection: string;
  query: Doc;
  docKey: string;
  doc: Doc;
  expiresAt: Date | null;
}) {
  await db().delete(ltijsDocuments).where(and(matching(collection, query), ne(ltijsDocuments.docKey, docKey)));
  await db()
    .insert(ltijsDocuments)
    .values({ collection, docKey, doc, expiresAt })
    .onConflictDoUpdate({
      target: [ltijsDocuments.collection, ltijsDocuments.docKey],
      set: { doc, expiresAt, createdAt: new Date() },
    });
}

/** Overwrites one document by row id. */
export async function updateLtijsDocument({ id, docKey, doc }: { id: string; docKey: string; doc: Doc }) {
  await db().update(ltijsDocuments).set({ doc, docKey }).where(eq(ltijsDocuments.id, id));
}

/** Sets the expiry of the documents matching the query. */
export async function updateLtijsDocumentsExpiry({ collection, query, expiresAt }: { collection: string; query: Doc; expiresAt: Date }) {
  await db().update(ltijsDocuments).set({ expiresAt }).where(matching(collection, query));
}

/** Deletes the documents matching the query. */
export async function deleteLtijsDocuments({ collection, query }: { collection: string; query?: Doc }) {
  await db().delete(ltijsDocuments).where(matching(collection, query));
}

/** Removes expired documents; returns how many. */
export async function deleteExpiredLtijsDocuments(): Promise<number> {
  const removed = await db()
    .delete(ltijsDocuments)
    .where(lt(ltijsDocuments.expiresAt, new Date()))
    .returning({ id: ltijsDocuments.id });
  return removed.length;
}
