/**
 * Parsers for the values users type: durations ('60s', '2m', '1h30m', '250ms', '1.5s' or a bare
 * number of seconds), rates ('100', '2.5k', 'max'), percentages ('0.1%', '99%') and sizes.
 * Each throws UsageError naming the flag and what is accepted.
 */
import {UsageError} from '../errors.js';

const durationUnits: Record<string, number> = {us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** Parse a duration into ms. `what` names the flag or field for the error message. */
export function parseDuration(value: unknown, what: string): number {
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value < 0) {
			throw new UsageError(`${what} must be a non-negative duration, got ${value}`);
		}

		return value * 1000;
	}

	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		return Number(text) * 1000;
	}

	const pattern = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/g;
	let total = 0;
	let consumed = 0;
	for (const match of text.matchAll(pattern)) {
		if (match.index !== consumed) {
			break;
		}

		total += Number(match[1]) * durationUnits[match[2]!]!;
		consumed += match[0].length;
	}

	if (consumed === 0 || consumed !== text.length) {
		throw new UsageError(`${what}: '${text}' is not a duration; use e.g. 500ms, 30s, 2m, 1h30m`);
	}

	return total;
}

/** Parse a rate in req/s: a positive number, with optional k/M suffix; 'max' = Infinity (closed model). */
export function parseRate(value: unknown, what: string): number {
	const text = String(value).trim().toLowerCase();
	if (text === 'max' || text === 'inf' || text === 'unlimited') {
		return Number.POSITIVE_INFINITY;
	}

	const match = /^(\d+(?:\.\d+)?)(k|m)?(\/s)?$/.exec(text);
	if (!match) {
		throw new UsageError(`${what}: '${String(value)}' is not a rate; use a number of requests per second (e.g. 100, 2.5k) or 'max'`);
	}

	const rate = Number(match[1]) * (match[2] === 'k' ? 1000 : match[2] === 'm' ? 1_000_000 : 1);
	if (rate <= 0) {
		throw new UsageError(`${what} must be more than 0 requests per second`);
	}

	return rate;
}

/** Parse a percentage ('0.1%', '99', '99.5%') into a number 0..100. */
export function parsePercent(value: unknown, what: string): number {
	const text = String(value).trim();
	const match = /^(\d+(?:\.\d+)?)%?$/.exec(text);
	if (!match || Number(match[1]) > 100) {
		throw new UsageError(`${what}: '${text}' is not a percentage between 0 and 100`);
	}

	return Number(match[1]);
}

/** Parse a positive integer (counts like --workers, --connections). */
export function parsePositiveInteger(value: unknown, what: string): number {
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isInteger(number) || number <= 0) {
		throw new UsageError(`${what} must be a whole number more than 0, got '${String(value)}'`);
	}

	return number;
}

/** Parse a byte size: '64', '1kb', '1KiB', '2mb'. */
export function parseSize(value: unknown, what: string): number {
	const text = String(value).trim().toLowerCase();
	const match = /^(\d+)\s*(b|kb|kib|k|mb|mib|m)?$/.exec(text);
	if (!match) {
		throw new UsageError(`${what}: '${String(value)}' is not a size; use bytes, or e.g. 1kb, 1mb`);
	}

	const unit = match[2] ?? 'b';
	const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
	return Number(match[1]) * factor;
}
