/**
 * Signals and crashes during a TUI run, in a real terminal (tmux): SIGINT, SIGTERM and SIGHUP
 * sent to the running process, and an uncaught exception thrown in its main thread. Each must
 * leave the terminal usable (cursor shown, raw mode off: typed text echoes and reads as a line),
 * print the summary below the last frame, and write the requested --json report.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {loadscopeCommand, Tmux} from '../helpers/tmux.js';

const run = promisify(execFile);
const timeout = 30_000;

/** Throws in the main thread when the process gets SIGUSR2: a crash outside any handler. */
const crashOnSigusr2 = `data:text/javascript,${encodeURIComponent("process.on('SIGUSR2', () => { throw new Error('injected crash in the main thread'); });")}`;

type Started = {tmux: Tmux; pid: number; json: string; stderrFile: string | undefined};

async function startTui(t: {after(fn: () => void | Promise<void>): void}, options: {nodeArgs?: readonly string[]; stderr?: boolean; args?: readonly string[]} = {}): Promise<Started> {
	const dir = mkdtempSync(path.join(tmpdir(), 'loadscope-signals-'));
	const json = path.join(dir, 'report.json');
	const stderrFile = options.stderr ? path.join(dir, 'stderr.txt') : undefined;
	const tmux = await Tmux.start({columns: 100, rows: 30, command: loadscopeCommand([...(options.args ?? ['synthetic', '-r', '200', '-d', '2m']), '--json', json], {nodeArgs: options.nodeArgs, stderrFile})});
	t.after(async () => {
		await tmux.kill();
		rmSync(dir, {recursive: true, force: true});
	});
	await tmux.waitFor('the TUI running', screen => /^ RUNNING /m.test(screen) && /^Latency /m.test(screen), 15_000);
	// The pane runs `sh -c "env … node …; …"`; env execs node, the shell's only child.
	const {stdout} = await run('ps', ['-o', 'pid=', '--ppid', String(await tmux.panePid())]);
	const pids = stdout.trim().split(/\s+/).map(Number);
	assert.equal(pids.length, 1, `one loadscope process under the pane: ${stdout}`);
	return {tmux, pid: pids[0]!, json, stderrFile};
}

function readReport(file: string): {endReason: string; failure: string | null; dispatched: number; ok: number; cancelled: number} {
	const report = JSON.parse(readFileSync(file, 'utf8')) as {endReason: string; failure: string | null; totals: {dispatched: number; ok: number; cancelled: number}};
	return {endReason: report.endReason, failure: report.failure, dispatched: report.totals.dispatched, ok: report.totals.ok, cancelled: report.totals.cancelled};
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	test(`${signal}: the run stops, the terminal is restored, the summary and --json report are written`, {timeout}, async t => {
		const {tmux, pid, json} = await startTui(t);
		process.kill(pid, signal);
		const {code, history} = await tmux.expectRestored();
		assert.equal(code, 0, history);
		assert.match(history, /Synthetic Load Test Results/);
		assert.match(history, /ended by interrupted/);
		const report = readReport(json);
		assert.equal(report.endReason, 'interrupted');
		assert.ok(report.dispatched > 0 && report.ok > 0, JSON.stringify(report));
	});
}

test('a second SIGINT during the drain stops at once: exit 130, terminal restored, summary and report written', {timeout}, async t => {
	// 3 s calls: about 600 in flight, so the drain after the first signal takes seconds.
	const {tmux, pid, json} = await startTui(t, {args: ['synthetic', '-r', '200', '--latency', '3s', '--latency-dist', 'constant', '-d', '2m']});
	await tmux.waitFor('calls in flight', screen => /in-flight [1-9]\d\d/.test(screen), 15_000);
	process.kill(pid, 'SIGINT');
	await tmux.waitFor('the drain', screen => /^ DRAINING /m.test(screen));
	process.kill(pid, 'SIGINT');
	const {code, history} = await tmux.expectRestored();
	assert.equal(code, 130, history);
	assert.match(history, /Synthetic Load Test Results/);
	const report = readReport(json);
	assert.equal(report.endReason, 'interrupted');
	assert.ok(report.cancelled > 0, `calls still in flight are counted as cancelled: ${JSON.stringify(report)}`);
});

test('Ctrl-C pressed twice in the live view (keys in raw mode, not signals): exit 130 like two SIGINTs', {timeout}, async t => {
	const {tmux, json} = await startTui(t, {args: ['synthetic', '-r', '200', '--latency', '3s', '--latency-dist', 'constant', '-d', '2m']});
	await tmux.waitFor('calls in flight', screen => /in-flight [1-9]\d\d/.test(screen), 15_000);
	await tmux.sendKeys('C-c');
	await tmux.waitFor('the drain', screen => /^ DRAINING /m.test(screen));
	await tmux.sendKeys('C-c');
	const {code, history} = await tmux.expectRestored();
	assert.equal(code, 130, history);
	assert.match(history, /ended by interrupted/);
	const report = readReport(json);
	assert.equal(report.endReason, 'interrupted');
	assert.ok(report.cancelled > 0, `calls still in flight are counted as cancelled: ${JSON.stringify(report)}`);
});

test('a crash in the main thread: the run is aborted, the terminal restored, summary and report written, exit 1', {timeout}, async t => {
	const {tmux, pid, json} = await startTui(t, {nodeArgs: ['--import', crashOnSigusr2]});
	process.kill(pid, 'SIGUSR2');
	const {code, history} = await tmux.expectRestored();
	assert.equal(code, 1, history);
	assert.match(history, /Synthetic Load Test Results/);
	assert.match(history, /the live view failed and the run was stopped: injected crash in the main thread/);
	const report = readReport(json);
	assert.equal(report.endReason, 'aborted');
	assert.ok(report.dispatched > 0, JSON.stringify(report));
});

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

test('the terminal closes (SIGHUP, tty gone): the run drains, the --json report is written, no crash on exit', {timeout}, async t => {
	const {tmux, pid, json, stderrFile} = await startTui(t, {stderr: true});
	// Killing the tmux server closes the pane's terminal: the kernel sends SIGHUP, writes fail with EIO.
	await tmux.kill();
	const deadline = Date.now() + 15_000;
	while (alive(pid) && Date.now() < deadline) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	assert.equal(alive(pid), false, 'loadscope ended after the hangup');
	const report = readReport(json);
	assert.equal(report.endReason, 'interrupted', JSON.stringify(report));
	assert.equal(report.failure, null, 'a closed terminal is not a live-view failure');
	assert.ok(report.dispatched > 0 && report.ok > 0, JSON.stringify(report));
	assert.equal(readFileSync(stderrFile!, 'utf8'), '', 'nothing on stderr (Node 20 aborts on its tty reset when the process exits normally)');
});
