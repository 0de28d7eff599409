import process from 'node:process';
import type {ActionCommand} from '../cli/command.js';
import {exitCodes, UsageError} from '../errors.js';
import {readReport} from '../report/report-file.js';
import {formatSummary} from '../report/summary.js';

export const command: ActionCommand = {
	kind: 'action',
	name: 'report',
	summary: 'print the summary of a saved --json report again',
	help: `
  Usage
    $ loadscope report FILE.json

  Prints the summary the run printed, rebuilt from the JSON report (written with --json FILE).

  Example
    $ loadscope synthetic -r 200 -d 5s --no-tui --json run.json
    $ loadscope report run.json
`,
	flags: {},
	async run(_flags, input) {
		if (input.length !== 1) {
			throw new UsageError(`report takes one file, got ${input.length}; usage: loadscope report FILE.json`);
		}

		const result = await readReport(input[0]!);
		process.stdout.write(formatSummary(result));
		return exitCodes.ok;
	},
};
