/**
 * What the live view costs: the same runs in a real terminal (tmux, 120×40) with the TUI and with
 * --no-tui. (1) CPU of the main thread (where Ink renders) and of the whole process over the
 * steady part of a synthetic 1,000/s run; (2) the engine's throughput with noop at max rate, TUI
 * on / off. The two modes alternate so drift of this shared VM hits both alike.
 */
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {availableParallelism, tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {hasTmux, loadscopeCommand, Tmux} from '../test/helpers/tmux.js';

const execFileAsync = promisify(execFile);
const ticksPerSecond = 100;

const sleep = async (ms: number) =>
	new Promise(resolve => {
		setTimeout(resolve, ms);
	});

/** utime + stime in seconds, from /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat. */
function cpuSeconds(statFile: string): number {
	const stat = readFileSync(statFile, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// Fields 14 and 15 of stat(5); the slice starts at field 3.
	return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function loadscopePid(tmux: Tmux): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		// eslint-disable-next-line no-await-in-loop
		const {stdout} = await execFileAsync('ps', ['-o', 'pid=', '--ppid', String(await tmux.panePid())]).catch(() => ({stdout: ''}));
		const pid = Number(stdout.trim().split(/\s+/)[0]);
		if (pid > 0) {
			return pid;
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(100);
	}

	throw new Error('loadscope did not start in the tmux pane');
}

type Cpu = {main: number; process: number};

/** Cores used by the main thread and by the whole process between `fromS` and `toS` into the run. */
async function measureCpu(tui: boolean, rate: number, fromS: number, toS: number): Promise<Cpu> {
	const args = ['synthetic', '-r', String(rate), '-d', `${toS + 2}s`, ...(tui ? [] : ['--no-tui'])];
	const tmux = await Tmux.start({columns: 120, rows: 40, command: loadscopeCommand(args)});
	try {
		const pid = await loadscopePid(tmux);
		const started = Date.now();
		const sample = () => ({at: Date.now(), main: cpuSeconds(`/proc/${pid}/task/${pid}/stat`), process: cpuSeconds(`/proc/${pid}/stat`)});
		await sleep(fromS * 1000);
		const first = sample();
		await sleep(Math.max(0, started + toS * 1000 - Date.now()));
		const last = sample();
		const seconds = (last.at - first.at) / 1000;
		return {main: (last.main - first.main) / seconds, process: (last.process - first.process) / seconds};
	} finally {
		await tmux.kill();
	}
}

type Throughput = {rate: number; main: number};

/** Achieved calls/s of noop at max rate (from the --json report) and the main thread's cores meanwhile. */
async function noopThroughput(tui: boolean, seconds: number, workers: number): Promise<Throughput> {
	const dir = mkdtempSync(path.join(tmpdir(), 'loadscope-bench-tui-'));
	const json = path.join(dir, 'report.json');
	const tmux = await Tmux.start({columns: 120, rows: 40, command: loadscopeCommand(['noop', '-r', 'max', '-d', `${seconds}s`, '--workers', String(workers), '--json', json, ...(tui ? [] : ['--no-tui'])])});
	try {
		const pid = await loadscopePid(tmux);
		const sample = () => ({at: Date.now(), main: cpuSeconds(`/proc/${pid}/task/${pid}/stat`)});
		// From 1.5 s in to 2 s before the end: the process must still be there for the last sample.
		await sleep(1500);
		const first = sample();
		await sleep((seconds - 3.5) * 1000);
		const last = sample();
		await tmux.waitFor('the noop run to end', screen => /^EXIT=\d+$/m.test(screen), (seconds + 30) * 1000);
		const report = JSON.parse(readFileSync(json, 'utf8')) as {totals: {achievedRate: number}};
		return {rate: report.totals.achievedRate, main: (last.main - first.main) / ((last.at - first.at) / 1000)};
	} finally {
		await tmux.kill();
		rmSync(dir, {recursive: true, force: true});
	}
}

const cores = (value: number) => `${value.toFixed(3)} cores`;
/** The median: one round disturbed by the other tenants of this VM does not move it. */
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function run(log: (line: string) => void): Promise<void> {
	if (!hasTmux()) {
		log('skipped: tmux is not installed (the TUI needs a real terminal)');
		return;
	}

	const rate = 1000;
	const rounds = 3;
	log(`CPU, synthetic ${rate}/s in a 120×40 tmux pane, seconds 2–10 of the run, ${rounds} rounds alternating, medians:`);
	const on: Cpu[] = [];
	const off: Cpu[] = [];
	for (let round = 0; round < rounds; round++) {
		// eslint-disable-next-line no-await-in-loop
		on.push(await measureCpu(true, rate, 2, 10));
		// eslint-disable-next-line no-await-in-loop
		off.push(await measureCpu(false, rate, 2, 10));
	}

	const onMain = median(on.map(cpu => cpu.main));
	const offMain = median(off.map(cpu => cpu.main));
	const onProcess = median(on.map(cpu => cpu.process));
	const offProcess = median(off.map(cpu => cpu.process));
	log(`  main thread:   TUI ${cores(onMain)}   --no-tui ${cores(offMain)}   TUI cost ${cores(onMain - offMain)}`);
	log(`  whole process: TUI ${cores(onProcess)}   --no-tui ${cores(offProcess)}   difference ${cores(onProcess - offProcess)}`);

	const seconds = 6;
	// With every core busy the TUI (and the terminal drawing it) competes with the workers; with one
	// worker on this 2-core machine there is a core to spare, which shows what is left of the cost.
	for (const workers of [availableParallelism(), 1]) {
		const tuiRuns: Throughput[] = [];
		const plainRuns: Throughput[] = [];
		for (let round = 0; round < rounds; round++) {
			// eslint-disable-next-line no-await-in-loop
			tuiRuns.push(await noopThroughput(true, seconds, workers));
			// eslint-disable-next-line no-await-in-loop
			plainRuns.push(await noopThroughput(false, seconds, workers));
		}

		const perRound = (runs: readonly Throughput[]) => runs.map(run => Math.round(run.rate).toLocaleString('en')).join(', ');
		const tuiRate = median(tuiRuns.map(run => run.rate));
		const plainRate = median(plainRuns.map(run => run.rate));
		log(`noop -r max, ${workers} worker${workers > 1 ? 's' : ''}, ${seconds} s, ${rounds} rounds alternating (calls/s per round; medians below):`);
		log(`  TUI      ${perRound(tuiRuns)}; main thread ${cores(median(tuiRuns.map(run => run.main)))}`);
		log(`  --no-tui ${perRound(plainRuns)}; main thread ${cores(median(plainRuns.map(run => run.main)))}`);
		log(`  throughput ratio TUI on / off: ${(tuiRate / plainRate).toFixed(3)}`);
	}
}
