/**
 * Reports to devices and pipes: `--json /dev/stdout | jq` gets the JSON alone on stdout (the
 * summary moves to stderr), and a FIFO is written in place — never renamed over, which as root
 * would have replaced /dev/null itself with a regular file.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {csvColumns} from '../../source/report/csv.js';
import {runCli} from '../helpers/cli.js';

let folder: string;
before(() => {
	folder = mkdtempSync(path.join(os.tmpdir(), 'loadscope-special-'));
});
after(() => {
	rmSync(folder, {recursive: true, force: true});
});

const quick = ['synthetic', '-r', '100', '-d', '0.5s', '--no-tui'];

test('--json /dev/stdout: stdout is the JSON report alone, the summary is on stderr', async () => {
	const result = await runCli([...quick, '--json', '/dev/stdout']);
	assert.equal(result.code, 0, result.stderr);
	const report = JSON.parse(result.stdout) as {format: string; totals: {ok: number}};
	assert.equal(report.format, 'loadscope-report');
	assert.ok(report.totals.ok > 0);
	assert.match(result.stderr, /Synthetic Load Test Results/);
});

test('--csv /dev/stdout: stdout is the CSV alone', async () => {
	const result = await runCli([...quick, '--csv', '/dev/stdout']);
	assert.equal(result.code, 0, result.stderr);
	const lines = result.stdout.trimEnd().split('\n');
	assert.equal(lines[0], csvColumns.join(','));
	assert.ok(lines.length > 1);
	assert.match(result.stderr, /Synthetic Load Test Results/);
});

test('a FIFO gets the report in place and is still a FIFO afterwards', async () => {
	const fifo = path.join(folder, 'report.fifo');
	execFileSync('mkfifo', [fifo]);
	const received = readFile(fifo, 'utf8');
	const result = await runCli([...quick, '--json', fifo]);
	assert.equal(result.code, 0, result.stderr);
	assert.equal((JSON.parse(await received) as {format: string}).format, 'loadscope-report');
	assert.ok(statSync(fifo).isFIFO(), 'not replaced by a regular file');
	assert.match(result.stdout, /Synthetic Load Test Results/, 'the summary stays on stdout');
});
