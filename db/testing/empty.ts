// Stands in for the "server-only" package under vitest (which does not use the react-server condition).
export {};
