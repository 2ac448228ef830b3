#!/usr/bin/env node
// Writes pipelines/<name>/project.json from pipelines/<name>/config.json:
// one nx target per step, chained in config order, each reading the
// folders of the steps before it and writing its own. Run after editing
// a config's steps: `node tools/pipeline-targets.mjs` (--check to verify).
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;

for (const name of readdirSync(join(root, 'pipelines')).sort()) {
  const dir = join(root, 'pipelines', name);
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) continue;
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const outDir = relative(root, resolve(dir, config.outDir));
  const configRel = relative(root, configPath);
  const targets = {};
  const done = [];
  for (const step of config.steps) {
    const id = step.id ?? step.stage;
    const ins = done.flatMap((d) => ['--in', `${outDir}/${d}`]);
    const command = [
      'node packages/cli/dist/main.js stage',
      step.stage,
      '--config',
      configRel,
      '--id',
      id,
      ...ins,
      '--out',
      `${outDir}/${id}`,
    ].join(' ');
    targets[id] = {
      executor: 'nx:run-commands',
      dependsOn: [
        { projects: ['@dsrep/cli'], target: 'build' },
        ...(done.length ? [done[done.length - 1]] : []),
      ],
      inputs: [
        '{projectRoot}/config.json',
        'dsrep',
        { dependentTasksOutputFiles: '**/_manifest.json', transitive: true },
      ],
      outputs: [`{workspaceRoot}/${outDir}/${id}`],
      options: { command, cwd: '{workspaceRoot}' },
    };
    done.push(id);
  }
  const project = {
    name: `pipeline-${name}`,
    $schema: '../../node_modules/nx/schemas/project-schema.json',
    projectType: 'application',
    tags: ['pipeline'],
    targets,
  };
  const text = JSON.stringify(project, null, 2) + '\n';
  const path = join(dir, 'project.json');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (old === text) continue;
  if (check) {
    console.error(`${relative(root, path)} is stale: run node tools/pipeline-targets.mjs`);
    stale++;
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${relative(root, path)}`);
  }
}
process.exitCode = stale ? 1 : 0;
