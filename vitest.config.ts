import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Starts a throwaway PostgreSQL cluster for the pg tests when DATABASE_URL is not set (only if one of them runs).
    globalSetup: ["test/support/postgres-global-setup.ts"],
  },
});
