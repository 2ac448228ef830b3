#!/usr/bin/env node
// The `dsrep` command: runs the built CLI (packages/cli/dist). This file
// exists before the build so that installing the workspace can link it.
import '../dist/main.js';
