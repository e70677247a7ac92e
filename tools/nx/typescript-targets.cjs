// An Nx inference plugin: every project's build, typecheck, lint and test targets follow from the
// files it has, so no project.json repeats them. Caching and ordering stay in nx.json's
// targetDefaults; a project.json only adds what is its own.
'use strict';

const { existsSync } = require('node:fs');
const path = require('node:path');

const inProject = (root, file) => existsSync(path.join(root, file));

function targetsFor(root) {
    const options = { cwd: root };
    const targets = {
        typecheck: { command: 'tsc -p tsconfig.json --noEmit', options },
        lint: { command: 'eslint .', options },
    };
    if (inProject(root, 'tsconfig.build.json')) {
        targets.build = { command: 'rm -rf dist && tsc -p tsconfig.build.json', options };
    }
    if (inProject(root, 'vitest.config.mts')) {
        // The e2e suites test live systems (containers, processes): a cached pass proves nothing.
        targets.test = { command: 'vitest run', options, ...(root.startsWith('e2e/') ? { cache: false } : {}) };
    }
    return targets;
}

module.exports.createNodes = [
    '**/tsconfig.json',
    configFiles =>
        configFiles
            .map(file => path.dirname(file))
            .filter(root => root !== '.' && inProject(root, 'project.json'))
            .map(root => [path.join(root, 'tsconfig.json'), { projects: { [root]: { targets: targetsFor(root) } } }]),
];
