/** Plain-text helpers for panes: every line is cut to the pane width, never wrapped. */

const blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** Cut `text` to `width` columns (with … when cut) and pad it to exactly `width`. Plain text only. */
export function fit(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const chars = [...text];
	if (chars.length <= width) {
		return text + ' '.repeat(width - chars.length);
	}

	return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Cut `text` to at most `width` columns without padding. */
export function cut(text: string, width: number): string {
	const chars = [...text];
	return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}${width > 0 ? '…' : ''}`;
}

/**
 * The last `width` values as a sparkline, scaled from `min` (default: the smallest value, or 0
 * when all values are positive and `fromZero`) to the largest. Non-finite values show as a space.
 */
export function sparkline(values: readonly number[], width: number, options: {min?: number; max?: number} = {}): string {
	const shown = values.slice(-Math.max(0, width));
	const finite = shown.filter(value => Number.isFinite(value));
	if (finite.length === 0) {
		return '';
	}

	const low = options.min ?? Math.min(...finite);
	const high = options.max ?? Math.max(...finite);
	const span = high - low;
	return shown
		.map(value => {
			if (!Number.isFinite(value)) {
				return ' ';
			}

			const level = span > 0 ? Math.round(((Math.min(high, Math.max(low, value)) - low) / span) * (blocks.length - 1)) : 0;
			return blocks[level]!;
		})
		.join('');
}

/** A horizontal bar of `fraction` (0..1) of `width` cells, with eighth-cell resolution. */
export function bar(fraction: number, width: number): string {
	const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;
	const cells = Math.max(0, Math.min(1, fraction)) * width;
	const full = Math.floor(cells);
	const rest = Math.round((cells - full) * 8);
	const tail = rest === 8 ? '█' : eighths[rest]!;
	const drawn = '█'.repeat(full) + tail;
	return drawn + ' '.repeat(Math.max(0, width - [...drawn].length));
}

/** Right-aligned column. */
export function right(text: string, width: number): string {
	return text.length >= width ? text : text.padStart(width);
}
