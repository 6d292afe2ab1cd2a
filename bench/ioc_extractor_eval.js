// SPDX-License-Identifier: Apache-2.0
// ioc_extractor_eval.js DOCS_DIR OUT_DIR - run the npm package ioc-extractor
// on every DOCS_DIR/NNN.txt and write OUT_DIR/NNN.json in the format of the
// extraction corpus's score.py: an object mapping type -> values. The
// package's type names are mapped onto the score.py schema; the types it has
// no counterpart for (cidr, attack, filename) are simply never predicted, and
// the ones the schema does not score (eth, xmr, mac, ssdeep, GA ids) are left out.
'use strict';
const fs = require('fs');
const path = require('path');
const { extractIOC } = require('ioc-extractor');

const TYPES = {
    ipv4s: 'ipv4', ipv6s: 'ipv6', domains: 'domain', urls: 'url', emails: 'email',
    md5s: 'md5', sha1s: 'sha1', sha256s: 'sha256', sha512s: 'sha512', cves: 'cve',
    asns: 'asn', btcs: 'btc',
};

const [docs, out] = process.argv.slice(2);
if (!docs || !out) {
    process.stderr.write('usage: node ioc_extractor_eval.js DOCS_DIR OUT_DIR\n');
    process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
let n = 0;
for (const name of fs.readdirSync(docs).sort()) {
    if (!name.endsWith('.txt')) continue;
    const text = fs.readFileSync(path.join(docs, name), 'utf8');
    const found = extractIOC(text, { refang: true });
    const pred = {};
    for (const [type, values] of Object.entries(found)) {
        if (TYPES[type]) pred[TYPES[type]] = values;
    }
    fs.writeFileSync(path.join(out, name.replace(/\.txt$/, '.json')), JSON.stringify(pred));
    n++;
}
console.log('ioc-extractor: ' + n + ' documents -> ' + out);
