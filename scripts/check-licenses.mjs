#!/usr/bin/env node
// Fails when a NuGet or npm dependency (direct or transitive) has a licence that is not on the allow-list.
// NuGet: the licences come from each restored package's .nuspec; npm: from each installed package.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const allowed = new Set([
  'MIT', 'MIT-0', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', '0BSD', 'PostgreSQL',
  'Unlicense', 'CC0-1.0', 'CC-BY-4.0', 'BlueOak-1.0.0', 'Python-2.0', 'Zlib', 'MS-PL',
]);

// Older packages name their licence by URL only.
const licenceUrls = new Map([
  ['https://licenses.nuget.org/MIT', 'MIT'],
  ['https://github.com/dotnet/corefx/blob/master/LICENSE.TXT', 'MIT'],
  ['https://github.com/dotnet/runtime/blob/main/LICENSE.TXT', 'MIT'],
  ['http://www.apache.org/licenses/LICENSE-2.0', 'Apache-2.0'],
  ['https://www.apache.org/licenses/LICENSE-2.0', 'Apache-2.0'],
]);

const root = new URL('..', import.meta.url).pathname;
const problems = [];
let checked = 0;

function expressionAllowed(expression) {
  // SPDX expressions: "A OR B" needs one allowed side, "A AND B" needs both.
  const cleaned = expression.replace(/[()]/g, ' ').trim();
  return cleaned.split(/\s+OR\s+/).some(option => option.split(/\s+AND\s+/).every(id => allowed.has(id.trim())));
}

// A licence shipped as a file: recognised by the words every copy of these licences has.
function licenceOfText(path) {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  if (/Permission is hereby granted, free of charge/.test(text)) return 'MIT';
  if (/Apache License[\s\S]*Version 2\.0/.test(text)) return 'Apache-2.0';
  if (/Redistribution and use in source and binary forms/.test(text)) {
    return /Neither the name/.test(text) ? 'BSD-3-Clause' : 'BSD-2-Clause';
  }
  return undefined;
}

function checkNuGet() {
  const listing = JSON.parse(execFileSync('dotnet', ['list', join(root, 'Everruns.sln'), 'package', '--include-transitive', '--format', 'json'], { encoding: 'utf8' }));
  const packagesFolder = execFileSync('dotnet', ['nuget', 'locals', 'global-packages', '--list'], { encoding: 'utf8' })
    .replace(/^global-packages:\s*/, '').trim();
  const seen = new Set();
  for (const project of listing.projects ?? []) {
    for (const framework of project.frameworks ?? []) {
      for (const pkg of [...(framework.topLevelPackages ?? []), ...(framework.transitivePackages ?? [])]) {
        const key = `${pkg.id}@${pkg.resolvedVersion}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const folder = join(packagesFolder, pkg.id.toLowerCase(), pkg.resolvedVersion.toLowerCase());
        const nuspec = existsSync(folder) ? readdirSync(folder).find(f => f.endsWith('.nuspec')) : undefined;
        if (!nuspec) { problems.push(`${key}: not restored, run dotnet restore first`); continue; }
        const xml = readFileSync(join(folder, nuspec), 'utf8');
        const expression = xml.match(/<license\s+type="expression">([^<]+)<\/license>/)?.[1];
        const file = xml.match(/<license\s+type="file">([^<]+)<\/license>/)?.[1];
        const url = xml.match(/<licenseUrl>([^<]+)<\/licenseUrl>/)?.[1]?.trim();
        const licence = expression ?? (file ? licenceOfText(join(folder, file)) : undefined) ?? licenceUrls.get(url ?? '');
        checked++;
        if (!licence || !expressionAllowed(licence)) problems.push(`NuGet ${key}: ${expression ?? url ?? 'no licence'}`);
      }
    }
  }
}

function checkNpm(folder) {
  const modules = join(folder, 'node_modules');
  if (!existsSync(modules)) return;
  const visit = dir => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@')) { visit(path); continue; }
      const manifest = join(path, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
        const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? pkg.licenses?.[0]?.type;
        checked++;
        if (!licence || !expressionAllowed(licence)) problems.push(`npm ${pkg.name}@${pkg.version} (${folder}): ${licence ?? 'no licence'}`);
      }
      if (existsSync(join(path, 'node_modules'))) visit(join(path, 'node_modules'));
    }
  };
  visit(modules);
}

checkNuGet();
for (const folder of process.argv.slice(2)) checkNpm(join(root, folder));

if (problems.length > 0) {
  console.error(`Licence check failed: ${problems.length} package(s) not on the allow-list:`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`Licence check passed: ${checked} packages, all on the allow-list.`);
