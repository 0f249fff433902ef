// Runs one benchmark module's export (spawned by bench/run.ts): `tsx bench/one.ts <file> <export>`.
export {};
const [file, exportName] = process.argv.slice(2);
const mod = (await import(file)) as Record<string, () => Promise<unknown>>;
await mod[exportName]();
process.exit(0);
