/**
 * Which panes fit the terminal, where, and how tall. Pure: from the terminal size and what the
 * snapshot has to show to a list of bands (rows of one or two panes), so small terminals and
 * resizes are tested without rendering.
 *
 * Panes are kept in this order as rows run out: header, status bar, rate, latency, thresholds,
 * delivery, health, errors, stages, histogram — except that a pane with something urgent to say
 * (the generator is the bottleneck, errors are happening) comes right after latency, with the
 * chart at its smaller height if that is what makes room. The histogram goes first on a narrow terminal; on
 * a wide one (>= 100 columns) it sits beside the rate chart and costs no rows. Lines are never
 * wrapped: every pane is given its width and cuts its own lines.
 */

export type PaneId = 'header' | 'rate' | 'histogram' | 'latency' | 'thresholds' | 'delivery' | 'health' | 'errors' | 'stages' | 'status' | 'help';

export type PlacedPane = {readonly id: PaneId; readonly width: number};
export type Band = {readonly panes: readonly PlacedPane[]; readonly height: number};

export type LayoutInput = {
	readonly columns: number;
	readonly rows: number;
	/** Rows of the latency table (operations, plus 'all' when there are several). */
	readonly latencyRows: number;
	readonly thresholds: number;
	readonly stages: number;
	readonly hasDelivery: boolean;
	readonly help: boolean;
	/** Rows of the help overlay. */
	readonly helpRows: number;
	/** Panes with something that needs attention now: kept before the others. */
	readonly urgent?: ReadonlyArray<'health' | 'errors'>;
};

export const wideColumns = 100;
export const headerHeight = 3;
export const statusHeight = 1;
/** Rate pane rows besides the chart: title and the numbers line. */
export const rateChrome = 2;
const minChart = 4;
const preferredChart = 8;
const maxChart = 16;
const narrowHistogram = 8;
const maxHistogram = 14;

/** Height of each optional pane for this snapshot (0 = nothing to show). */
function heights(input: LayoutInput): Record<'latency' | 'thresholds' | 'delivery' | 'health' | 'errors' | 'stages' | 'histogram', number> {
	return {
		latency: 2 + Math.min(8, input.latencyRows),
		thresholds: input.thresholds > 0 ? 1 + Math.min(6, input.thresholds) : 0,
		delivery: input.hasDelivery ? 3 : 1,
		health: 3,
		errors: 4,
		stages: input.stages > 0 ? Math.max(8, 3 + Math.min(8, input.stages)) : 0,
		histogram: narrowHistogram,
	};
}

/**
 * The bands top to bottom. Their heights add up to at most `rows - 1`: a frame as tall as the
 * terminal makes Ink clear the whole screen on every redraw.
 */
export function planLayout(input: LayoutInput): Band[] {
	const columns = Math.max(1, input.columns);
	let free = Math.max(0, input.rows - 1);
	const take = (height: number): boolean => {
		if (height <= 0 || height > free) {
			return false;
		}

		free -= height;
		return true;
	};

	const full = (id: PaneId): PlacedPane => ({id, width: columns});
	const hasHeader = take(headerHeight);
	const hasStatus = take(statusHeight);
	if (input.help) {
		const height = Math.min(free, input.helpRows);
		return [
			...(hasHeader ? [{panes: [full('header')], height: headerHeight}] : []),
			...(height > 0 ? [{panes: [full('help')], height}] : []),
			...(hasStatus ? [{panes: [full('status')], height: statusHeight}] : []),
		];
	}

	const wide = columns >= wideColumns;
	const size = heights(input);
	const urgent = input.urgent ?? [];
	const urgentRows = wide ? Math.max(0, ...urgent.map(id => size[id])) : urgent.reduce((sum, id) => sum + size[id], 0);
	let chart = free >= rateChrome + preferredChart + size.latency + urgentRows ? preferredChart : minChart;
	const hasRate = take(rateChrome + chart);
	const kept = new Set<PaneId>();
	// In wide mode two panes share a band and cost the taller one's rows.
	const ordered: ReadonlyArray<ReadonlyArray<keyof typeof size>> = wide
		? [['latency'], ['thresholds', 'delivery'], ['health', 'errors'], ['stages']]
		: [['latency'], ['thresholds'], ['delivery'], ['health'], ['errors'], ['stages']];
	const isUrgent = (group: ReadonlyArray<keyof typeof size>) => group.some(id => (urgent as readonly string[]).includes(id));
	const urgentFirst = (group: ReadonlyArray<keyof typeof size>) => [...group].sort((x, y) => Number(isUrgent([y])) - Number(isUrgent([x])));
	const groups = [ordered[0]!, ...ordered.slice(1).filter(group => isUrgent(group)).map(group => urgentFirst(group)), ...ordered.slice(1).filter(group => !isUrgent(group))];
	for (const group of groups) {
		const wanted = group.filter(id => size[id] > 0);
		for (let count = wanted.length; count > 0; count--) {
			if (take(Math.max(...wanted.slice(0, count).map(id => size[id])))) {
				for (const id of wanted.slice(0, count)) {
					kept.add(id);
				}

				break;
			}
		}
	}

	if (!wide && hasRate && take(size.histogram)) {
		kept.add('histogram');
	}

	if (hasRate) {
		const grow = Math.min(free, maxChart - chart);
		chart += grow;
		free -= grow;
	}

	let histogramHeight = size.histogram;
	if (kept.has('histogram')) {
		const grow = Math.min(free, maxHistogram - histogramHeight);
		histogramHeight += grow;
		free -= grow;
	}

	const bands: Band[] = [];
	const push = (ids: readonly PaneId[], height: number) => {
		const shown = ids.filter(id => id === 'rate' || id === 'header' || id === 'status' ? true : kept.has(id));
		if (shown.length === 0 || height <= 0) {
			return;
		}

		if (shown.length === 1) {
			bands.push({panes: [full(shown[0]!)], height});
			return;
		}

		const left = Math.floor(columns * 0.6);
		bands.push({panes: [{id: shown[0]!, width: left}, {id: shown[1]!, width: columns - left}], height});
	};

	if (hasHeader) {
		push(['header'], headerHeight);
	}

	if (hasRate) {
		if (wide) {
			kept.add('histogram');
			push(['rate', 'histogram'], rateChrome + chart);
		} else {
			push(['rate'], rateChrome + chart);
		}
	}

	push(['latency'], size.latency);
	if (wide) {
		push(['health', 'errors'], Math.max(kept.has('health') ? size.health : 0, kept.has('errors') ? size.errors : 0));
		push(['delivery', 'thresholds'], Math.max(kept.has('delivery') ? size.delivery : 0, kept.has('thresholds') ? size.thresholds : 0));
	} else {
		push(['thresholds'], size.thresholds);
		push(['delivery'], size.delivery);
		push(['health'], size.health);
		push(['errors'], size.errors);
	}

	push(['stages'], size.stages);
	if (!wide) {
		push(['histogram'], histogramHeight);
	}

	if (hasStatus) {
		push(['status'], statusHeight);
	}

	return bands;
}
