import tseslint from 'typescript-eslint';

export default tseslint.config(
  // examples/ are separate packages with their own compiler settings and checks.
  { ignores: ['*.js', '*.mjs', 'dist/**', 'bench/.build/**', 'node_modules/**', 'data/**', 'coverage/**', 'src/metadata.ts', 'examples/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
);
