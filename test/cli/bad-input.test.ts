/**
 * The bad-input catalogue: every row is a command line a user might type wrongly, the one line
 * loadscope must answer with, and the exit code. Each area keeps its rows in bad-input/<area>.ts
 * (exporting `rows`); a new input joins by adding a row there.
 */
import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {test} from 'node:test';
import {runCli} from '../helpers/cli.js';

export type BadInputRow = {
	/** What is wrong, in words (the test name). */
	readonly what: string;
	readonly args: readonly string[];
	/** The single stderr line must match this. */
	readonly error: RegExp;
	/** Exit code (default 2, usage error). */
	readonly code?: number;
	/** Set up files or servers first; returns args to append and a clean-up. */
	readonly setup?: () => Promise<{args?: readonly string[]; cleanup?: () => Promise<void> | void}>;
};

const folder = new URL('bad-input/', import.meta.url);
const files = readdirSync(folder).filter(file => file.endsWith('.js')).sort();

for (const file of files) {
	// eslint-disable-next-line no-await-in-loop
	const {rows} = (await import(new URL(file, folder).href)) as {rows: readonly BadInputRow[]};
	for (const row of rows) {
		test(`${file.replace(/\.js$/, '')}: ${row.what}`, async () => {
			const prepared = row.setup ? await row.setup() : {};
			try {
				const result = await runCli([...row.args, ...(prepared.args ?? [])], {timeoutMs: 20_000});
				const lines = result.stderr.trimEnd().split('\n');
				assert.equal(result.code, row.code ?? 2, `exit code; stderr: ${result.stderr}`);
				assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
				assert.match(lines[0]!, /^loadscope: /);
				assert.match(lines[0]!, row.error);
				assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
			} finally {
				await prepared.cleanup?.();
			}
		});
	}
}
