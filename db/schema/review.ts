import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, updatedAt } from "./columns";
import { users } from "./users";
import { submissions } from "./work";

/**
 * A staff comment on lines of one saved version of a student's file (markdown, sanitized when rendered). The
 * student sees it in the editor on that version and in their history. Deleting sets deleted_at.
 */
export const codeComments = pgTable(
  "code_comments",
  {
    id: id(),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id),
    version: integer().notNull(),
    fileName: text().notNull(),
    /** 1-based, inclusive. */
    startLine: integer().notNull(),
    endLine: integer().notNull(),
    body: text().notNull(),
    authorUserId: uuid()
      .notNull()
      .references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedByUserId: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index("code_comments_submission_idx").on(t.submissionId, t.version)],
);
