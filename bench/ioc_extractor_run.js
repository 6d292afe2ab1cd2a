// SPDX-License-Identifier: Apache-2.0
// ioc_extractor_run.js FILE - run the npm package ioc-extractor over FILE, the
// peer in bench/extract_speed.sh, and print how many distinct values of each
// type it found. The text is handed over in slices of about 1 MiB cut at line
// ends (as a service would feed it), with refanging on (the package's CLI
// default), and the distinct values are counted over the whole file.
'use strict';
const fs = require('fs');
const { extractIOC } = require('ioc-extractor');

const SLICE = 1 << 20;
const file = process.argv[2];
if (!file) {
    process.stderr.write('usage: node ioc_extractor_run.js FILE\n');
    process.exit(2);
}
const text = fs.readFileSync(file, 'utf8');
const seen = {};
for (let start = 0; start < text.length;) {
    let end = Math.min(start + SLICE, text.length);
    if (end < text.length) {
        const nl = text.indexOf('\n', end);
        end = nl < 0 ? text.length : nl + 1;
    }
    const found = extractIOC(text.slice(start, end), { refang: true, sort: false });
    for (const [type, values] of Object.entries(found)) {
        if (!seen[type]) seen[type] = new Set();
        for (const v of values) seen[type].add(v);
    }
    start = end;
}
let total = 0;
const parts = [];
for (const type of Object.keys(seen).sort()) {
    if (seen[type].size === 0) continue;
    total += seen[type].size;
    parts.push(type + '=' + seen[type].size);
}
console.log('distinct ' + total + ' (' + parts.join(' ') + ')');
