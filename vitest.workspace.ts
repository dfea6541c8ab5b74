import { defineConfig } from 'vitest/config';

// The root test config: one project per package and example (see DESIGN.md, "Tests").
export default defineConfig({
  test: {
    projects: [
      'packages/core/vitest.config.ts',
      'packages/adapter-testkit/vitest.config.ts',
      'packages/redis-adapter/vitest.config.ts',
      'examples/reference-idp/vitest.config.ts',
      'examples/embedded-koa/vitest.config.ts',
      'bench/vitest.config.ts',
    ],
  },
});
