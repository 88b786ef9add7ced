#!/usr/bin/env node
/**
 * @module @smtp-settings/adapter/cli
 * The `smtp-settings` command (the package's `bin`): `npx smtp-settings <command> --help`.
 */
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
