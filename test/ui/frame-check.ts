/**
 * What a clean TUI frame on a real terminal looks like, checked on capture-pane's lines (wrapped
 * lines joined): no line wider than the terminal, one header at the top, the status bar last,
 * a free bottom row (a frame as tall as the terminal makes Ink clear the screen every redraw),
 * and the pane titles in the layout's order.
 */
import assert from 'node:assert/strict';
import {wideColumns} from '../../source/ui/layout.js';

/** Terminal columns of a line: every glyph loadscope draws is one column wide. */
export function columnsOf(line: string): number {
	return [...line].length;
}

const narrowOrder = ['Rate', 'Latency', 'Thresholds', 'Multicast delivery', 'Generator', 'Errors', 'Stages', 'Histogram'];
const wideOrder = ['Rate', 'Latency', 'Generator', 'Multicast delivery', 'Stages'];

/** Returns the titles of the panes shown, top to bottom. */
export function checkFrame(lines: readonly string[], columns: number, rows: number, required: readonly string[] = ['Rate', 'Latency']): string[] {
	const screen = lines.join('\n');
	for (const [index, line] of lines.entries()) {
		assert.ok(columnsOf(line) <= columns, `line ${index + 1} is ${columnsOf(line)} columns wide in a ${columns}-column terminal:\n${screen}`);
	}

	assert.equal(lines.length, rows, `capture-pane returns every row:\n${screen}`);
	let last = lines.length - 1;
	while (last > 0 && lines[last]!.trim() === '') {
		last--;
	}

	assert.ok(last < rows - 1, `the bottom row stays free:\n${screen}`);
	assert.match(lines[0]!, /^loadscope /, `the header is the first line:\n${screen}`);
	assert.match(lines[1]!, /^ (STARTING|RUNNING|PAUSED|HOLDING|SPIKING|DRAINING|DONE) /, `the state is the second line:\n${screen}`);
	assert.match(lines[2]!, /^rate /);
	assert.equal(lines.filter(line => /^loadscope /.test(line)).length, 1, `one header, no leftovers of an earlier frame:\n${screen}`);
	assert.match(lines[last]!, /q quit/, `the status bar is the last line:\n${screen}`);
	const order = columns >= wideColumns ? wideOrder : narrowOrder;
	const shown = lines.map(line => order.find(title => line.startsWith(`${title} `) || line === title)).filter(title => title !== undefined);
	assert.deepEqual(shown, order.filter(title => shown.includes(title)), `panes in their order:\n${screen}`);
	for (const title of required) {
		assert.ok(shown.includes(title), `the ${title} pane is shown:\n${screen}`);
	}

	return shown;
}
