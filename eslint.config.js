import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'reports/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Domains stay independent: only chat/ composes them, and only llm/ talks to LLM SDKs.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/llm/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['langchain', '@langchain/*', 'openai'], message: 'Only server/src/llm may import LLM SDKs.' }] }],
    },
  },
);
