// One lint config for every project; typed rules stay off so lint stays fast on 2 cores
// (`typecheck` is the typed pass).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    { ignores: ['**/dist/**', '**/node_modules/**', 'load-tests/results/**', '**/src/migrations/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.node } },
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
        },
    },
    {
        // Tests read GraphQL answers whose shape the query itself states; typing each is noise.
        files: ['**/test/**', 'e2e/**'],
        rules: { '@typescript-eslint/no-explicit-any': 'off' },
    },
    {
        // Plain CommonJS: ecosystem files, scripts and process fixtures that run without a build.
        files: ['**/*.cjs', '**/*.js'],
        languageOptions: { sourceType: 'commonjs' },
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
);
