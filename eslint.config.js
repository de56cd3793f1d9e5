// Lint: type-aware typescript-eslint rules plus the layer dependency rule of docs/architecture.md.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Layers each layer may NOT import (relative imports of sibling folders under src/). */
const forbidden = {
  core: ['contracts', 'io', 'db', 'connectors', 'services', 'server', 'cli', 'web'],
  contracts: ['io', 'db', 'connectors', 'services', 'server', 'cli', 'web'],
  io: ['db', 'connectors', 'services', 'server', 'cli', 'web'],
  db: ['io', 'connectors', 'services', 'server', 'cli', 'web'],
  // CRM connectors (src/connectors/<crm>/): talk to a CRM's API; services call them.
  connectors: ['db', 'services', 'server', 'cli', 'web'],
  services: ['server', 'cli', 'web'],
  server: ['cli', 'web', 'db', 'io', 'connectors'],
  // The CLI may start the HTTP server (`quotaplan serve`) and add users through its auth layer.
  cli: ['web', 'db', 'io', 'connectors'],
  web: ['io', 'db', 'connectors', 'services', 'cli'],
};

const layerRules = Object.entries(forbidden).map(([layer, banned]) => ({
  files: [`src/${layer}/**/*.ts`, `src/${layer}/**/*.tsx`],
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: banned.flatMap((b) => [`**/${b}/*`, `../${b}`, `../../${b}`]),
            message: `src/${layer} must not import these layers (see docs/architecture.md).`,
          },
          ...(layer === 'web'
            ? [{ regex: '^node:', message: 'src/web runs in the browser: no Node built-ins.' }]
            : []),
          ...(layer === 'core'
            ? [
                {
                  regex: '^(node:|[a-z@])',
                  message:
                    'src/core is pure: no Node built-ins or packages (no I/O, clock or randomness).',
                },
              ]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', 'bench/out', 'data', 'src/db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': [
        'error',
        { allowConstantLoopConditions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  ...layerRules,
);
