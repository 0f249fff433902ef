import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

const dbImport = {
  group: ["@/db", "@/db/*", "**/db", "**/db/*", "../db", "../db/*"],
  message: "Only lib/models may touch the database: call a lib/models function instead (house style, rule 2).",
};

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "public/**", "next-env.d.ts", "db/migrations/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nextVitals,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Pages, actions, route handlers, components, Inngest functions and the domain outside lib/models never import db.
    files: ["app/**", "components/**", "inngest/**", "lib/**"],
    ignores: ["lib/models/**", "**/*.test.ts", "**/*.test.tsx", "**/testing.ts", "**/testing/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [dbImport] }] },
  },
  {
    // Only lib/env.ts reads the environment (house style, rule 12).
    files: ["app/**", "components/**", "inngest/**", "lib/**", "db/**"],
    ignores: ["lib/env.ts", "**/*.test.ts", "**/*.test.tsx", "db/testing/**", "lib/testing/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings through lib/env.ts." }],
    },
  },
);
