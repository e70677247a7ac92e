// The repo's lint config, plus what the k6 scripts need: they are ES modules run by k6, not Node,
// with k6's own globals.
import root from '../eslint.config.mjs';

export default [
    ...root,
    { ignores: ['results/**'] },
    {
        files: ['k6/**/*.js'],
        languageOptions: {
            sourceType: 'module',
            globals: { open: 'readonly', __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly' },
        },
    },
];
