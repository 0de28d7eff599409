/** Number formatting shared by the summary, the progress line and the TUI. */

/** A duration in ms, with a unit that keeps 3 significant digits: 268µs, 1.41ms, 56.0s. */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms)) {
		return '-';
	}

	if (ms === 0) {
		return '0';
	}

	// A bucket bound just under 1 ms (log-spaced, 0.99999…) rounds to 1.00e+3µs: it is 1ms.
	if (ms < 1 && Number((ms * 1000).toPrecision(3)) < 1000) {
		const micros = (ms * 1000).toPrecision(3);
		return `${micros.includes('.') ? micros.replace(/\.?0+$/, '') : micros}µs`;
	}

	if (ms < 1000) {
		return `${trimmed(ms)}ms`;
	}

	if (ms < 120_000) {
		return `${trimmed(ms / 1000)}s`;
	}

	return `${trimmed(ms / 60_000)}m`;
}

function trimmed(value: number): string {
	const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
	return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A rate per second: 99.8/s, 1.25k/s, max. */
export function formatRate(rate: number): string {
	if (!Number.isFinite(rate)) {
		return 'max';
	}

	if (rate >= 10_000) {
		return `${(rate / 1000).toFixed(1)}k/s`;
	}

	return `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)}/s`;
}

export function formatPercent(fraction: number, digits = 2): string {
	return `${(fraction * 100).toFixed(digits)}%`;
}

/** Seconds as m:ss or h:mm:ss. */
export function formatClock(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
