/** Bad input for reports: report, compare and the output flags. */
import {mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {BadInputRow} from '../bad-input.test.js';

/** A temporary file with `content`, passed as the last argument(s). */
function withFile(content: string, extra: readonly string[] = []): BadInputRow['setup'] {
	return async () => {
		const folder = await mkdtemp(path.join(os.tmpdir(), 'loadscope-bad-'));
		const file = path.join(folder, 'r.json');
		await writeFile(file, content);
		return {args: [file, ...extra]};
	};
}

export const rows: readonly BadInputRow[] = [
	{what: 'report of a missing file', args: ['report', '/no/such/r.json'], error: /cannot read report '\/no\/such\/r\.json': no such file/},
	{what: 'report without a file', args: ['report'], error: /report takes one file, got 0; usage: loadscope report FILE\.json/},
	{what: 'report of a file that is not JSON', args: ['report'], setup: withFile('p99 was fine'), error: /is not JSON .*; pass a file written by --json/},
	{what: 'report of JSON that is not a loadscope report', args: ['report'], setup: withFile('{"hello": 1}'), error: /is not a loadscope report \(no "format": "loadscope-report"\)/},
	{
		what: 'report of a newer schema version',
		args: ['report'],
		setup: withFile('{"format": "loadscope-report", "schemaVersion": 99}'),
		error: /has report schemaVersion 99; this loadscope reads version 1/,
	},
	{
		what: 'report that is missing fields',
		args: ['report'],
		setup: withFile('{"format": "loadscope-report", "schemaVersion": 1}'),
		error: /is not a valid loadscope report: \/ must have required property/,
	},
	{what: 'compare with one report', args: ['compare', 'a.json'], error: /compare takes two reports, got 1; usage: loadscope compare BASE\.json NEW\.json/},
	{what: 'compare with a missing report', args: ['compare', '/no/such/a.json', '/no/such/b.json'], error: /cannot read report '\/no\/such\/a\.json'/},
	{what: 'compare with a bad --max-regression', args: ['compare', 'a.json', 'b.json', '--max-regression', 'lots'], error: /--max-regression: 'lots' is not a percentage; use e\.g\. 10 or 10%/},
	{what: '--metrics-port out of range', args: ['synthetic', '--metrics-port', '70000'], error: /--metrics-port must be a port number 0\.\.65535, got '70000'/},
	{what: '--metrics-port that is not a number', args: ['synthetic', '--metrics-port', 'http'], error: /--metrics-port must be a port number/},
];
