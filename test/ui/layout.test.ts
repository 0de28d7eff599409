import assert from 'node:assert/strict';
import {test} from 'node:test';
import {planLayout, type Band, type LayoutInput, type PaneId} from '../../source/ui/layout.js';

const demo: LayoutInput = {columns: 120, rows: 40, latencyRows: 1, thresholds: 0, stages: 0, hasDelivery: false, help: false, helpRows: 13};

const ids = (bands: readonly Band[]): PaneId[] => bands.flatMap(band => band.panes.map(pane => pane.id));
const height = (bands: readonly Band[]) => bands.reduce((sum, band) => sum + band.height, 0);

test('120×40: every pane with data is shown, side by side, within rows - 1', () => {
	const bands = planLayout({...demo, thresholds: 2, stages: 3, hasDelivery: true});
	assert.deepEqual(ids(bands), ['header', 'rate', 'histogram', 'latency', 'health', 'errors', 'delivery', 'thresholds', 'stages', 'status']);
	assert.ok(height(bands) <= 39);
	for (const band of bands) {
		assert.ok(band.panes.reduce((sum, pane) => sum + pane.width, 0) <= 120);
	}
});

test('panes without data are not given rows', () => {
	const bands = planLayout(demo);
	assert.ok(!ids(bands).includes('stages'));
	assert.ok(!ids(bands).includes('thresholds'));
	assert.equal(bands.find(band => band.panes[0]!.id === 'delivery')?.height, 1);
});

test('80×24: header, rate, latency and status stay; lower panes drop; nothing taller than 23 rows', () => {
	const bands = planLayout({...demo, columns: 80, rows: 24, thresholds: 2, stages: 4, hasDelivery: true});
	const shown = ids(bands);
	for (const id of ['header', 'rate', 'latency', 'status'] as const) {
		assert.ok(shown.includes(id), `${id} missing at 80×24: ${shown.join(', ')}`);
	}

	assert.ok(!shown.includes('histogram'), 'the histogram goes first on a small terminal');
	assert.ok(height(bands) <= 23);
	assert.equal(shown[0], 'header');
	assert.equal(shown.at(-1), 'status');
});

test('shrinking the terminal drops panes in order and never overflows', () => {
	// The rate pane needs 6 rows for a readable chart; below that the smaller panes use the space.
	const order: PaneId[] = ['histogram', 'stages', 'errors', 'health', 'delivery', 'thresholds', 'latency'];
	let previous = new Set<PaneId>();
	for (let rows = 60; rows >= 4; rows--) {
		const bands = planLayout({...demo, columns: 80, rows, thresholds: 2, stages: 4, hasDelivery: true});
		const shown = new Set(ids(bands));
		assert.ok(height(bands) <= rows - 1, `${height(bands)} rows at ${rows}`);
		if (rows < 60) {
			// A pane dropped at this size: every pane after it in the drop order must be gone already.
			for (const id of previous) {
				if (!shown.has(id)) {
					for (const earlier of order.slice(0, order.indexOf(id))) {
						assert.ok(!shown.has(earlier), `${earlier} still shown after ${id} dropped at ${rows} rows`);
					}
				}
			}
		}

		assert.equal(shown.has('rate'), rows >= 11, `rate at ${rows} rows`);
		previous = shown;
	}

	assert.deepEqual(ids(planLayout({...demo, columns: 80, rows: 5})), ['header', 'status']);
});

test('the help overlay replaces the panes between header and status', () => {
	assert.deepEqual(ids(planLayout({...demo, help: true})), ['header', 'help', 'status']);
});

test('80×24: a generator bottleneck or recent errors keep their panes in view, ahead of delivery', () => {
	const small = {...demo, columns: 80, rows: 24, latencyRows: 4, hasDelivery: true};
	assert.deepEqual(ids(planLayout(small)).filter(id => id === 'health' || id === 'errors'), [], 'nothing urgent: the lower panes drop as before');
	for (const urgent of [['health'], ['errors'], ['health', 'errors']] as const) {
		const bands = planLayout({...small, urgent});
		const shown = ids(bands);
		for (const id of urgent) {
			assert.ok(shown.includes(id), `${id} shown when urgent: ${shown.join(', ')}`);
		}

		for (const id of ['header', 'rate', 'latency', 'status'] as const) {
			assert.ok(shown.includes(id), `${id} still shown: ${shown.join(', ')}`);
		}

		assert.ok(height(bands) <= 23);
	}
});

test('120×21, wide: an urgent Errors pane takes rows from the chart instead of being dropped', () => {
	const tight = {...demo, rows: 21, latencyRows: 4, hasDelivery: true, thresholds: 2};
	const shown = ids(planLayout({...tight, urgent: ['errors']}));
	assert.ok(shown.includes('errors'), shown.join(', '));
});
