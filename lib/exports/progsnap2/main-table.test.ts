import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { MAIN_TABLE_COLUMNS } from "./columns";
import { COLUMN, MainTableWriter, newRow } from "./main-table";

describe("MainTableWriter", () => {
  it("writes rows in column order that a CSV reader reads back, quoting free text", async () => {
    const chunks: Buffer[] = [];
    const table = new MainTableWriter(async (c) => void chunks.push(Buffer.from(c)));
    const row = newRow();
    row[COLUMN.EventType] = "X-Odd, \"type\"";
    row[COLUMN.EventID] = "1";
    row[COLUMN.Order] = 1;
    row[COLUMN.AssignmentIsGraded] = true;
    row[COLUMN.CompileMessageData] = 'File "main.py", line 2\n  print(\r\n';
    row[COLUMN.Score] = 0.75;
    await table.write(row);
    row.fill(null);
    row[COLUMN.EventType] = "Submit";
    row[COLUMN.TestID] = "a1/test, one";
    await table.write(row);
    await table.end();
    const records = parse(Buffer.concat(chunks).toString(), { columns: [...MAIN_TABLE_COLUMNS] }) as Record<string, string>[];
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ EventType: 'X-Odd, "type"', EventID: "1", Order: "1", AssignmentIsGraded: "true", CompileMessageData: 'File "main.py", line 2\n  print(\r\n', Score: "0.75", SubjectID: "" });
    expect(records[1]).toMatchObject({ EventType: "Submit", TestID: "a1/test, one", Score: "" });
    expect(Buffer.concat(chunks).toString().endsWith("\r\n")).toBe(true);
  });
});
