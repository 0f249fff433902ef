import { describe, expect, it } from "vitest";
import { personLabel } from "./people";

describe("personLabel", () => {
  it("names people by name, then email, then a stable short id that tells them apart", () => {
    expect(personLabel({ name: "Ann Ample", email: "ann@example.edu", userId: "3f2a91c0-0000-4000-8000-000000000001" })).toBe("Ann Ample");
    expect(personLabel({ name: " ", email: "ann@example.edu", userId: "3f2a91c0-0000-4000-8000-000000000001" })).toBe("ann@example.edu");
    const a = personLabel({ name: null, email: null, userId: "3f2a91c0-0000-4000-8000-000000000001" });
    const b = personLabel({ name: null, userId: "7d04be11-0000-4000-8000-000000000002" });
    expect(a).toBe("Student 3f2a91c0");
    expect(b).toBe("Student 7d04be11");
    expect(personLabel({ name: null, userId: "7d04be11-0000-4000-8000-000000000002" }, "Member")).toBe("Member 7d04be11");
  });
});
