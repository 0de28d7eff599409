import process from 'node:process';
import type {ActionCommand} from '../cli/command.js';
import {exitCodes, UsageError} from '../errors.js';
import {compareRuns, formatComparison} from '../report/compare.js';
import {readReport} from '../report/report-file.js';

function maxRegression(value: unknown): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const text = String(value).trim();
	const match = /^(\d+(?:\.\d+)?)%?$/.exec(text);
	if (!match) {
		throw new UsageError(`--max-regression: '${text}' is not a percentage; use e.g. 10 or 10%`);
	}

	return Number(match[1]);
}

export const command: ActionCommand = {
	kind: 'action',
	name: 'compare',
	summary: 'compare two --json reports per operation; exit 4 on a regression (for CI)',
	help: `
  Usage
    $ loadscope compare BASE.json NEW.json [--max-regression PCT]

  Per-operation deltas of throughput, p50 / p95 / p99 / p99.9 (recomputed from the stored HDR
  histograms), error rate and knee.

  Options
    --max-regression PCT  Exit 4 when NEW is worse than BASE by more than PCT:
                          a latency percentile up more than PCT %, throughput down more than PCT %,
                          the error rate up more than PCT % of its base and more than 0.1 point,
                          or the knee lower by more than PCT %

  Example
    $ loadscope compare before.json after.json --max-regression 10
`,
	flags: {maxRegression: {type: 'string'}},
	async run(flags, input) {
		if (input.length !== 2) {
			throw new UsageError(`compare takes two reports, got ${input.length}; usage: loadscope compare BASE.json NEW.json`);
		}

		const limit = maxRegression(flags.maxRegression);
		const [baseFile, nextFile] = input as [string, string];
		const base = await readReport(baseFile);
		const next = await readReport(nextFile);
		const comparison = compareRuns(base, next, limit);
		process.stdout.write(formatComparison({base: baseFile, next: nextFile}, base, next, comparison, limit));
		return limit !== undefined && comparison.regressions.length > 0 ? exitCodes.regression : exitCodes.ok;
	},
};
