#!/usr/bin/env node
// The main job: runs every pipeline under pipelines/ with the built CLI,
// `remeasure` first. A pipeline whose data folder is absent is skipped
// with a note on how to get its data. `node tools/main.mjs NAME ...`
// runs only the named pipelines.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'packages/cli/dist/main.js');
const only = process.argv.slice(2);
let failed = 0;

// remeasure first (the main job proper); remeasure-small is the tests'
// copy of it and runs only when named.
const names = readdirSync(join(root, 'pipelines'))
  .filter((n) => (only.length ? only.includes(n) : n !== 'remeasure-small'))
  .sort((a, b) => (a === 'remeasure' ? -1 : b === 'remeasure' ? 1 : a < b ? -1 : 1));

for (const name of names) {
  const configPath = join(root, 'pipelines', name, 'config.json');
  if (!existsSync(configPath)) continue;
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  if (config.dataDir) {
    const dataDir = resolve(root, 'pipelines', name, config.dataDir);
    if (!existsSync(dataDir)) {
      console.log(`\n== ${name}: skipped, no data at ${dataDir}`);
      if (config.dataHelp) console.log(`   ${config.dataHelp}`);
      continue;
    }
  }
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, [cli, 'run', configPath], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
const report = join(root, 'data/runs/remeasure/report/index.html');
if (existsSync(report)) console.log(`\nOpen the report: ${report}`);
process.exitCode = failed ? 1 : 0;
