import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkDatabase } from "@/lib/models/health";
import { migrationStatus } from "./migrate";
import { courses, users } from "./schema";
import { DEMO, seedDemo } from "./seed/demo";
import { withTestDatabase } from "./testing/test-database";

const { handle } = withTestDatabase();

describe("migrations", () => {
  it("reports the driver and current migrations through the health check", async () => {
    const health = await checkDatabase();
    expect(health.db).toBe(handle().driver);
    expect(health.migrations).toBe("current");
  });

  it("reports pending when the newest migration has not been applied", async () => {
    const db = handle().db;
    await db.execute(sql`create temporary table kept as select * from drizzle.__drizzle_migrations`);
    await db.execute(sql`delete from drizzle.__drizzle_migrations`);
    try {
      expect(await migrationStatus(handle())).toBe("pending");
    } finally {
      await db.execute(sql`insert into drizzle.__drizzle_migrations select * from kept`);
    }
    expect(await migrationStatus(handle())).toBe("current");
  });
});

describe("demo seed", () => {
  it("creates the demo course once and changes nothing when run again", async () => {
    const db = handle().db;
    expect(await seedDemo(db)).toBe(true);
    await db.update(courses).set({ title: "Renamed by a newcomer" }).where(sql`${courses.id} = ${DEMO.courseId}`);
    expect(await seedDemo(db)).toBe(false);
    const [course] = await db.select().from(courses).where(sql`${courses.id} = ${DEMO.courseId}`);
    expect(course.title).toBe("Renamed by a newcomer");
    const demoUsers = await db.select().from(users).where(sql`${users.testLoginKey} like 'demo-%'`);
    expect(demoUsers).toHaveLength(2);
  });
});
