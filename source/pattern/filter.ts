/**
 * Filters over identity metadata, as plain data (an AST that crosses threads and gRPC as JSON),
 * and their evaluation. Comparisons are typed: lt/lte/gt/gte compare numbers numerically when
 * both sides are numbers, otherwise as strings; a missing field matches only `ne`, `not` and
 * `exists` negations. startswith/endswith/contains work on the string form of the value.
 */
import type {Metadata, MetadataValue} from './types.js';

export type ComparisonOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'startswith' | 'endswith' | 'contains';
export const comparisonOps: readonly ComparisonOp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'startswith', 'endswith', 'contains'];

export type Filter =
	| {readonly op: ComparisonOp; readonly field: string; readonly value: MetadataValue}
	| {readonly op: 'in'; readonly field: string; readonly values: readonly MetadataValue[]}
	| {readonly op: 'exists'; readonly field: string}
	| {readonly op: 'and' | 'or'; readonly filters: readonly Filter[]}
	| {readonly op: 'not'; readonly filter: Filter};

function compare(a: MetadataValue, b: MetadataValue): number {
	if (typeof a === 'number' && typeof b === 'number') {
		return a - b;
	}

	const left = String(a);
	const right = String(b);
	return left < right ? -1 : left > right ? 1 : 0;
}

export function matches(filter: Filter | undefined, metadata: Metadata): boolean {
	if (filter === undefined) {
		return true;
	}

	switch (filter.op) {
		case 'and': {
			return filter.filters.every(part => matches(part, metadata));
		}

		case 'or': {
			return filter.filters.some(part => matches(part, metadata));
		}

		case 'not': {
			return !matches(filter.filter, metadata);
		}

		case 'exists': {
			return Object.hasOwn(metadata, filter.field);
		}

		case 'in': {
			const value = metadata[filter.field];
			return value !== undefined && filter.values.some(candidate => candidate === value);
		}

		default: {
			const value = metadata[filter.field];
			if (value === undefined) {
				return filter.op === 'ne';
			}

			switch (filter.op) {
				case 'eq': {
					return value === filter.value;
				}

				case 'ne': {
					return value !== filter.value;
				}

				case 'lt': {
					return compare(value, filter.value) < 0;
				}

				case 'lte': {
					return compare(value, filter.value) <= 0;
				}

				case 'gt': {
					return compare(value, filter.value) > 0;
				}

				case 'gte': {
					return compare(value, filter.value) >= 0;
				}

				case 'startswith': {
					return String(value).startsWith(String(filter.value));
				}

				case 'endswith': {
					return String(value).endsWith(String(filter.value));
				}

				case 'contains': {
					return String(value).includes(String(filter.value));
				}
			}
		}
	}
}

/**
 * Equality terms a filter requires of every match (top-level eq, or eq inside a top-level and):
 * an index can narrow candidates with them. `complete` is true when those terms are the whole
 * filter, so index membership alone decides the match.
 */
export function requiredEqualities(filter: Filter | undefined): {terms: Array<{field: string; value: MetadataValue}>; complete: boolean} {
	if (filter === undefined) {
		return {terms: [], complete: true};
	}

	if (filter.op === 'eq') {
		return {terms: [{field: filter.field, value: filter.value}], complete: true};
	}

	if (filter.op === 'and') {
		const terms: Array<{field: string; value: MetadataValue}> = [];
		let complete = true;
		for (const part of filter.filters) {
			const inner = requiredEqualities(part.op === 'eq' || part.op === 'and' ? part : undefined);
			if (part.op === 'eq' || part.op === 'and') {
				terms.push(...inner.terms);
				complete &&= inner.complete;
			} else {
				complete = false;
			}
		}

		return {terms, complete};
	}

	return {terms: [], complete: false};
}

/** The compact text form of a filter (what the parser reads back). */
export function formatFilter(filter: Filter | undefined): string {
	if (filter === undefined) {
		return 'all';
	}

	const value = (v: MetadataValue) => (typeof v === 'string' && !/^[\w.:@/-]+$/.test(v) ? JSON.stringify(v) : typeof v === 'string' && /^(-?\d|true$|false$)/.test(v) ? JSON.stringify(v) : String(v));
	const symbols: Record<ComparisonOp, string> = {eq: '=', ne: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=', startswith: ' startswith ', endswith: ' endswith ', contains: ' contains '};
	switch (filter.op) {
		case 'and':
		case 'or': {
			return filter.filters.map(part => (part.op === 'and' || part.op === 'or' ? `(${formatFilter(part)})` : formatFilter(part))).join(` ${filter.op} `);
		}

		case 'not': {
			return `not (${formatFilter(filter.filter)})`;
		}

		case 'exists': {
			return `${filter.field} exists`;
		}

		case 'in': {
			return `${filter.field} in (${filter.values.map(v => value(v)).join(',')})`;
		}

		default: {
			return `${filter.field}${symbols[filter.op]}${value(filter.value)}`;
		}
	}
}
