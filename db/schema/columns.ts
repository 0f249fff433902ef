import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Shared column helpers: every table has an `id` and creation/update times (house style, rule 6). */
export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const deletedAt = () => timestamp({ withTimezone: true });
