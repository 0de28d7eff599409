/**
 * Reports are written whatever ends the run (interrupt, --abort-on-error-rate), and a report
 * that cannot be written is one clear line that never loses the summary.
 */
import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {startCli} from './live.js';

let folder: string;
const file = (name: string) => path.join(folder, name);
/** A path checked at start (its folder exists) that still cannot be written at the end: it is a folder. */
async function blocked(name: string): Promise<string> {
	await mkdir(file(name), {recursive: true});
	return file(name);
}

before(async () => {
	folder = await mkdtemp(path.join(os.tmpdir(), 'loadscope-failures-'));
});

after(async () => {
	await rm(folder, {recursive: true, force: true});
});

test('a report path in a missing directory is refused before the run starts, exit 2', async () => {
	const result = await runCli(['synthetic', '-r', '100', '-d', '0.5s', '--no-tui', '--json', '/no/such/dir/r.json']);
	assert.equal(result.code, 2, result.stderr);
	assert.equal(result.stderr, "loadscope: --json '/no/such/dir/r.json': cannot write to /no/such/dir (missing or not writable); create it or choose another path\n");
	assert.equal(result.stdout, '');
});

test('a report that cannot be written at the end: one clear line, the summary still prints, exit 1', async () => {
	const json = await blocked('r.json');
	const result = await runCli(['synthetic', '-r', '100', '-d', '0.5s', '--no-tui', '--json', json, '--csv', file('ok.csv')]);
	assert.equal(result.code, 1, result.stderr);
	const lines = result.stderr.trimEnd().split('\n').filter(line => line.startsWith('loadscope:'));
	assert.equal(lines.length, 1, result.stderr);
	assert.match(lines[0]!, new RegExp(`^loadscope: could not write --json ${json}: E[A-Z]+: `));
	assert.match(result.stdout, /Synthetic Load Test Results/);
	assert.match(result.stdout, /Total Operations: +\d+/);
	assert.ok((await readFile(file('ok.csv'), 'utf8')).startsWith('t_s,duration_ms,op,'), 'the other reports are still written');
});

test('an unwritable --hdr-log is reported the same way', async () => {
	const hlog = await blocked('r.hlog');
	const result = await runCli(['synthetic', '-r', '100', '-d', '0.5s', '--no-tui', '--hdr-log', hlog]);
	assert.equal(result.code, 1);
	assert.match(result.stderr, new RegExp(`^loadscope: could not write --hdr-log ${hlog}: E[A-Z]+: .+$`, 'm'));
	assert.match(result.stdout, /Synthetic Load Test Results/);
});

test('a --metrics-port already taken: one line, the run still completes, exit 1', async () => {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	try {
		const result = await runCli(['synthetic', '-r', '100', '-d', '0.5s', '--no-tui', '--metrics-port', String(port)]);
		assert.equal(result.code, 1);
		assert.match(result.stderr, new RegExp(`^loadscope: could not serve --metrics-port ${port}: EADDRINUSE: address already in use$`, 'm'));
		assert.match(result.stdout, /Total Operations: +\d+/);
	} finally {
		server.close();
	}
});

test('--abort-on-error-rate: exit 3 with the reports written; a write failure keeps exit 3', async () => {
	const json = file('aborted.json');
	const result = await runCli([
		'synthetic', '-r', '200', '-d', '20s', '--no-tui', '--error-rate', '90', '--abort-on-error-rate', '50', '--abort-grace', '500ms',
		'--json', json, '--hdr-log', file('aborted.hlog'), '--csv', await blocked('r.csv'),
	]);
	assert.equal(result.code, 3, result.stderr);
	assert.match(result.stderr, /could not write --csv .*r\.csv/);
	const report = JSON.parse(await readFile(json, 'utf8')) as {endReason: string; failure: string; totals: {errors: number}};
	assert.equal(report.endReason, 'error-rate');
	assert.match(report.failure, /--abort-on-error-rate 50%/);
	assert.ok(report.totals.errors > 0);
	assert.match(await readFile(file('aborted.hlog'), 'utf8'), /^Tag=call,/m);
	const again = await runCli(['report', json]);
	assert.equal(again.stdout, result.stdout, 'report reprints the aborted run summary');
});

test('SIGINT mid-run: the run drains and every report is written', async () => {
	const cli = startCli([
		'synthetic', '-r', '200', '-d', '30s', '--no-tui', '--report-interval', '500ms',
		'--json', file('interrupted.json'), '--csv', file('interrupted.csv'), '--hdr-log', file('interrupted.hlog'),
	]);
	await cli.waitFor(/\[\s*\d+s\]\s+Total: [1-9]/);
	cli.child.kill('SIGINT');
	const end = await cli.exited;
	assert.equal(end.code, 0, end.stderr);
	const report = JSON.parse(await readFile(file('interrupted.json'), 'utf8')) as {endReason: string; totals: {completed: number}; series: unknown[]};
	assert.equal(report.endReason, 'interrupted');
	assert.ok(report.totals.completed > 0);
	assert.ok(report.series.length > 0);
	assert.match(end.stdout, /ended by interrupted/);
	const names = await readdir(folder);
	assert.ok(names.includes('interrupted.csv') && names.includes('interrupted.hlog'));
	assert.ok(!names.some(name => name.endsWith('.tmp')), `no temporary files left: ${names.join(', ')}`);
});
