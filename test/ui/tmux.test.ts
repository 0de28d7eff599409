/**
 * The TUI in a real terminal: tmux runs the built CLI in a detached pane of a fixed size, keys go
 * in with send-keys and the screen comes back with capture-pane. Checks what a user sees: the
 * target rate rising on ↑, the spike and pause states, a clean exit with the summary below the
 * last frame, and at 80×24 a frame that fits (no line wider than the pane, nothing scrolled off,
 * panes in their order).
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {loadscopeCommand, Tmux} from '../helpers/tmux.js';
import {checkFrame} from './frame-check.js';

const timeout = 30_000;

async function session(columns: number, rows: number, t: {after(fn: () => Promise<void>): void}): Promise<Tmux> {
	const tmux = await Tmux.start({columns, rows, command: loadscopeCommand(['synthetic', '-r', '100', '-d', '2m'])});
	t.after(async () => tmux.kill());
	return tmux;
}

/** The header's rate line: `rate N/s (what changed it; shape M/s)`. */
function targetRate(screen: string): number | undefined {
	const match = /^rate ([\d.]+)\/s/m.exec(screen);
	return match ? Number(match[1]) : undefined;
}

async function driveKeys(tmux: Tmux, columns: number, rows: number): Promise<void> {
	const running = await tmux.waitFor('the TUI running at 100/s', screen => /^ RUNNING /m.test(screen) && targetRate(screen) === 100 && /^Latency /m.test(screen));
	checkFrame(running.lines, columns, rows);

	await tmux.sendKeys('Up');
	const raised = await tmux.waitFor('the target rate raised by 10%', screen => targetRate(screen) === 110);
	assert.match(raised.screen, /^rate 110\/s \(manual ×1\.10; shape 100\/s\)/m);
	checkFrame(raised.lines, columns, rows);

	await tmux.sendKeys('s');
	const spiking = await tmux.waitFor('the spike state', screen => /^ SPIKING /m.test(screen));
	// 5× the current 110/s for the default 5 s.
	assert.equal(targetRate(spiking.screen), 550);
	assert.match(spiking.screen, /^rate 550\/s \(spike for [\d.]+s, manual ×1\.10; shape 100\/s\)/m);
	checkFrame(spiking.lines, columns, rows);

	await tmux.sendKeys('p');
	const paused = await tmux.waitFor('the paused state', screen => /^ PAUSED /m.test(screen));
	assert.equal(targetRate(paused.screen), 0);
	checkFrame(paused.lines, columns, rows);
	assert.equal(await tmux.historySize(), 0, 'nothing scrolled off the top while the TUI ran');

	await tmux.sendKeys('q');
	const {code, history} = await tmux.expectRestored();
	assert.equal(code, 0, history);
	const full = history.split('\n');
	const summary = full.findIndex(line => line.includes('Synthetic Load Test Results'));
	assert.ok(summary > 0, `the summary is printed:\n${history}`);
	const after = full.slice(summary).join('\n');
	assert.match(after, /ended by stopped/);
	assert.match(after, /Accounting: {7}dispatched (\d+) = ok \1 \+ failed 0/);
	// The summary comes below the last frame, not over it.
	assert.ok(full.slice(0, summary).some(line => line.startsWith('loadscope synthetic')), 'the last frame stays above the summary');
}

test('120×40: ↑ raises the target, s spikes, p pauses, q exits 0 with the summary', {timeout}, async t => {
	const tmux = await session(120, 40, t);
	await driveKeys(tmux, 120, 40);
});

test('80×24: the same keys, and every frame fits the terminal', {timeout}, async t => {
	const tmux = await session(80, 24, t);
	await driveKeys(tmux, 80, 24);
});

test('resize: every size from 200×60 down to 40×12 gets a clean frame, panes collapse in order and come back', {timeout: 60_000}, async t => {
	// The built-in demo: several operations and multicast delivery, so every pane has something to show.
	const tmux = await Tmux.start({columns: 120, rows: 40, command: loadscopeCommand([])});
	t.after(async () => tmux.kill());
	await tmux.waitFor('the demo running', screen => /^ RUNNING /m.test(screen) && /^Multicast delivery /m.test(screen), 15_000);
	const sizes = [
		[200, 60],
		[120, 40],
		[100, 30],
		[99, 40],
		[80, 24],
		[60, 20],
		[40, 12],
		[120, 40],
	] as const;
	const shownAt = new Map<string, string[]>();
	let previousColumns = 120;
	let previousHistory = 0;
	for (const [columns, rows] of sizes) {
		// eslint-disable-next-line no-await-in-loop
		await tmux.resize(columns, rows);
		// Rate needs 6 rows besides header and status; below that only they remain.
		const required = rows >= 24 ? ['Rate', 'Latency'] : ['Rate'];
		let shown: string[] = [];
		// eslint-disable-next-line no-await-in-loop
		await tmux.waitFor(`a clean frame at ${columns}×${rows}`, (_screen, lines) => {
			try {
				shown = checkFrame(lines, columns, rows, required);
				return true;
			} catch {
				return false;
			}
		});
		shownAt.set(`${columns}×${rows}`, shown);
		// A narrower terminal re-wraps the old frame's long lines and may push some into the
		// scrollback before loadscope can redraw; a wider or taller one must not scroll at all.
		// eslint-disable-next-line no-await-in-loop
		const history = await tmux.historySize();
		if (columns >= previousColumns) {
			assert.ok(history <= previousHistory, `nothing scrolled off going to ${columns}×${rows} (${previousHistory} → ${history} lines)`);
		}

		previousColumns = columns;
		previousHistory = history;
	}

	// Generator and Errors jump the queue while the generator is the bottleneck (on a loaded machine
	// it can be, for a moment) or errors are recent, so they may come and go between sizes; and while
	// one of them holds the space, the pane it displaced may be missing at the larger size.
	const urgent = new Set(['Generator', 'Errors']);
	const subset = (small: string, large: string) => {
		const kept = shownAt.get(large)!;
		if (kept.some(title => urgent.has(title)) && !shownAt.get(small)!.some(title => urgent.has(title))) {
			return;
		}

		for (const title of shownAt.get(small)!.filter(title => !urgent.has(title))) {
			assert.ok(kept.includes(title), `${title} shown at ${small} but not at ${large}: ${JSON.stringify(Object.fromEntries(shownAt))}`);
		}
	};

	// Narrow terminals drop panes as rows run out, never bring one back on a smaller screen.
	subset('40×12', '60×20');
	subset('60×20', '80×24');
	subset('80×24', '99×40');
	subset('100×30', '120×40');
	subset('120×40', '200×60');
	assert.deepEqual(shownAt.get('99×40'), ['Rate', 'Latency', 'Multicast delivery', 'Generator', 'Errors', 'Histogram']);
	assert.deepEqual(shownAt.get('40×12'), ['Rate']);
	await tmux.sendKeys('q');
	const {code, history} = await tmux.expectRestored();
	assert.equal(code, 0, history);
	assert.match(history, /Load Test Results/);
});
