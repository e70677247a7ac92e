// Copies the sample catalogue @vendure/create ships into dist/sample-data, so that the migrate role
// can seed it without @vendure/create (a devDependency) and its CLI's dependencies at run time.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const from = path.join(path.dirname(require.resolve('@vendure/create/package.json')), 'assets');
const to = path.join(__dirname, '..', 'dist', 'sample-data');
fs.rmSync(to, { recursive: true, force: true });
for (const item of ['initial-data.json', 'products.csv', 'images']) {
    fs.cpSync(path.join(from, item), path.join(to, item), { recursive: true });
}
