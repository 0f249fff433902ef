// Ports of the multi-instance test: CLUSTER_PORT (default 3750) is the proxy, the next four the web instances, the
// control server and PgBouncer, then a PgBouncer the spec starts for itself. Lantern is http://localhost:PORT and the dev LMS http://127.0.0.1:PORT (two sites, as in e2e/).
const base = Number(process.env.CLUSTER_PORT ?? 3750);
export const CLUSTER_PORTS = { proxy: base, webA: base + 1, webB: base + 2, control: base + 3, pgbouncer: base + 4, probeBouncer: base + 5 };
export const TOOL_ORIGIN = `http://localhost:${base}`;
export const LMS_ORIGIN = `http://127.0.0.1:${base}`;
export const CONTROL_ORIGIN = `http://127.0.0.1:${base + 3}`;
