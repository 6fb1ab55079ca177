#!/usr/bin/env node
// Fails when an installed npm package (direct or transitive) has a licence that is not permissive.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const allowed = new Set([
  'MIT', 'MIT-0', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', '0BSD',
  'Unlicense', 'CC0-1.0', 'CC-BY-4.0', 'BlueOak-1.0.0', 'Python-2.0', 'Zlib',
]);

const expressionAllowed = expression =>
  expression.replace(/[()]/g, ' ').trim()
    .split(/\s+OR\s+/)
    .some(option => option.split(/\s+AND\s+/).every(id => allowed.has(id.trim())));

const problems = [];
let checked = 0;
const visit = dir => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!(entry.isDirectory() || entry.isSymbolicLink()) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) { visit(path); continue; }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? pkg.licenses?.[0]?.type;
      checked++;
      if (!licence || !expressionAllowed(licence)) problems.push(`${pkg.name}@${pkg.version}: ${licence ?? 'no licence'}`);
    }
    if (existsSync(join(path, 'node_modules'))) visit(join(path, 'node_modules'));
  }
};

const modules = new URL('../node_modules', import.meta.url).pathname;
if (!existsSync(modules)) {
  console.error('node_modules is missing: run npm ci first.');
  process.exit(1);
}
visit(modules);
if (problems.length > 0) {
  console.error(`Licence check failed: ${problems.length} package(s) not on the allow-list:`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`Licence check passed: ${checked} packages, all permissive.`);
