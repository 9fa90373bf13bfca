// Prints what each page of the built web client (web/dist) costs to load, gzipped: its HTML and every script
// and stylesheet it references (module preloads included), as a browser fetches them on first visit.
// Chunks loaded on demand (MSAL, only for Entra sign-in) are listed apart. Usage: node web/scripts/bundle-size.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const gz = file => gzipSync(readFileSync(new URL(file, dist))).length;
const kb = bytes => `${(bytes / 1024).toFixed(1)} kB`;

const loaded = new Set();
for (const page of ['join.html', 'not-me.html', 'console.html']) {
  const html = readFileSync(new URL(page, dist), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(m => m[1]);
  assets.forEach(a => loaded.add(a));
  const total = gz(page) + assets.reduce((sum, a) => sum + gz(a), 0);
  console.log(`${page.padEnd(14)} ${kb(total).padStart(9)} gzipped (${assets.length + 1} files)`);
}
const onDemand = readdirSync(new URL('assets/', dist)).map(f => `assets/${f}`).filter(f => f.endsWith('.js') && !loaded.has(f));
for (const chunk of onDemand) {
  console.log(`on demand      ${kb(gz(chunk)).padStart(9)} gzipped  ${chunk}`);
}
