/**
 * Reads a filter from the command line: the compact syntax or the JSON form of the AST.
 *
 *   status=online and region in (us,eu)
 *   not (tier >= 3 or name startswith "load")
 *   region exists && score<10.5
 *
 * Operators: = (==) != < <= > >= startswith endswith contains in (a,b,...) exists; combine with
 * and / or / not (&& || !) and parentheses; `and` binds tighter than `or`. Values are numbers,
 * true/false, bare words or "quoted strings" (a quoted "3" stays a string). JSON: the AST itself,
 * e.g. {"op":"eq","field":"status","value":"online"}. Errors name the position (1-based).
 */
import {UsageError} from '../errors.js';
import {comparisonOps, type ComparisonOp, type Filter} from './filter.js';
import type {MetadataValue} from './types.js';

type Token = {readonly type: 'word' | 'string' | 'number' | 'symbol' | 'end'; readonly text: string; readonly value: string | number; readonly position: number};

const symbols = ['==', '!=', '<=', '>=', '&&', '||', '=', '<', '>', '(', ')', ',', '!'];

function tokenize(text: string, fail: (position: number, what: string) => never): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index]!;
		if (/\s/.test(char)) {
			index++;
			continue;
		}

		const position = index + 1;
		if (char === '"' || char === "'") {
			let end = index + 1;
			let value = '';
			while (end < text.length && text[end] !== char) {
				if (text[end] === '\\' && end + 1 < text.length) {
					end++;
				}

				value += text[end];
				end++;
			}

			if (end >= text.length) {
				fail(position, 'an unterminated string');
			}

			tokens.push({type: 'string', text: text.slice(index, end + 1), value, position});
			index = end + 1;
			continue;
		}

		const symbol = symbols.find(candidate => text.startsWith(candidate, index));
		if (symbol) {
			tokens.push({type: 'symbol', text: symbol, value: symbol, position});
			index += symbol.length;
			continue;
		}

		const word = /^[^\s=!<>(),&|"']+/.exec(text.slice(index));
		if (!word) {
			fail(position, `an unexpected '${char}'`);
		}

		const raw = word[0];
		const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
		tokens.push(Number.isFinite(number) ? {type: 'number', text: raw, value: number, position} : {type: 'word', text: raw, value: raw, position});
		index += raw.length;
	}

	tokens.push({type: 'end', text: 'the end', value: '', position: text.length + 1});
	return tokens;
}

const symbolOps: Record<string, ComparisonOp> = {'=': 'eq', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte'};
const wordOps = new Set<string>(['startswith', 'endswith', 'contains']);

class Parser {
	#index = 0;
	readonly #tokens: Token[];
	readonly #fail: (position: number, what: string) => never;

	constructor(tokens: Token[], fail: (position: number, what: string) => never) {
		this.#tokens = tokens;
		this.#fail = fail;
	}

	parse(): Filter {
		const filter = this.#or();
		const next = this.#peek();
		if (next.type !== 'end') {
			this.#unexpected(next, "'and', 'or' or the end");
		}

		return filter;
	}

	#peek(): Token {
		return this.#tokens[this.#index]!;
	}

	#next(): Token {
		return this.#tokens[this.#index++]!;
	}

	#isKeyword(token: Token, ...words: string[]): boolean {
		return (token.type === 'word' && words.includes(token.text.toLowerCase())) || (token.type === 'symbol' && words.includes(token.text));
	}

	#unexpected(token: Token, expected: string): never {
		this.#fail(token.position, `${expected} expected, found ${token.type === 'end' ? 'the end' : `'${token.text}'`}`);
	}

	#or(): Filter {
		const parts = [this.#and()];
		while (this.#isKeyword(this.#peek(), 'or', '||')) {
			this.#next();
			parts.push(this.#and());
		}

		return parts.length === 1 ? parts[0]! : {op: 'or', filters: parts};
	}

	#and(): Filter {
		const parts = [this.#unary()];
		while (this.#isKeyword(this.#peek(), 'and', '&&')) {
			this.#next();
			parts.push(this.#unary());
		}

		return parts.length === 1 ? parts[0]! : {op: 'and', filters: parts};
	}

	#unary(): Filter {
		const token = this.#peek();
		if (this.#isKeyword(token, 'not', '!')) {
			this.#next();
			return {op: 'not', filter: this.#unary()};
		}

		if (token.type === 'symbol' && token.text === '(') {
			this.#next();
			const inner = this.#or();
			const close = this.#next();
			if (close.text !== ')' || close.type !== 'symbol') {
				this.#unexpected(close, "')'");
			}

			return inner;
		}

		return this.#comparison();
	}

	#comparison(): Filter {
		const fieldToken = this.#next();
		if (fieldToken.type !== 'word' && fieldToken.type !== 'string') {
			this.#unexpected(fieldToken, 'a field name');
		}

		const field = String(fieldToken.value);
		const opToken = this.#next();
		if (opToken.type === 'symbol' && symbolOps[opToken.text]) {
			return {op: symbolOps[opToken.text]!, field, value: this.#value()};
		}

		if (opToken.type === 'word') {
			const word = opToken.text.toLowerCase();
			if (wordOps.has(word)) {
				return {op: word as ComparisonOp, field, value: this.#value()};
			}

			if (word === 'exists') {
				return {op: 'exists', field};
			}

			if (word === 'in') {
				const open = this.#next();
				if (open.text !== '(') {
					this.#unexpected(open, "'(' after 'in'");
				}

				const values = [this.#value()];
				while (this.#peek().text === ',') {
					this.#next();
					values.push(this.#value());
				}

				const close = this.#next();
				if (close.text !== ')') {
					this.#unexpected(close, "',' or ')'");
				}

				return {op: 'in', field, values};
			}
		}

		this.#unexpected(opToken, `an operator after '${field}' (= != < <= > >= startswith endswith contains in exists)`);
	}

	#value(): MetadataValue {
		const token = this.#next();
		if (token.type === 'string' || token.type === 'number') {
			return token.value;
		}

		if (token.type === 'word') {
			const lower = token.text.toLowerCase();
			if (lower === 'true' || lower === 'false') {
				return lower === 'true';
			}

			return token.text;
		}

		this.#unexpected(token, 'a value');
	}
}

function isScalar(value: unknown): value is MetadataValue {
	return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Check that a JSON value is a filter AST; `path` names where a problem is. */
export function validateFilter(raw: unknown, path = 'filter'): Filter {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new UsageError(`${path}: a filter must be an object with "op", got ${JSON.stringify(raw)}`);
	}

	const node = raw as Record<string, unknown>;
	const op = node.op;
	const field = () => {
		if (typeof node.field !== 'string' || node.field === '') {
			throw new UsageError(`${path}: "${String(op)}" needs a "field" string`);
		}

		return node.field;
	};

	if (typeof op === 'string' && (comparisonOps as readonly string[]).includes(op)) {
		if (!isScalar(node.value)) {
			throw new UsageError(`${path}: "${op}" needs a "value" (string, number or boolean)`);
		}

		return {op: op as ComparisonOp, field: field(), value: node.value};
	}

	switch (op) {
		case 'in': {
			if (!Array.isArray(node.values) || node.values.length === 0 || !node.values.every(value => isScalar(value))) {
				throw new UsageError(`${path}: "in" needs a non-empty "values" array of strings, numbers or booleans`);
			}

			return {op, field: field(), values: node.values as MetadataValue[]};
		}

		case 'exists': {
			return {op, field: field()};
		}

		case 'and':
		case 'or': {
			if (!Array.isArray(node.filters) || node.filters.length === 0) {
				throw new UsageError(`${path}: "${op}" needs a non-empty "filters" array`);
			}

			return {op, filters: node.filters.map((part, index) => validateFilter(part, `${path}.filters[${index}]`))};
		}

		case 'not': {
			return {op, filter: validateFilter(node.filter, `${path}.filter`)};
		}

		default: {
			throw new UsageError(`${path}: unknown op ${JSON.stringify(op)}; use eq ne lt lte gt gte startswith endswith contains in exists and or not`);
		}
	}
}

/** Parse `--filter` text (compact syntax or JSON). `flag` names the flag in errors. */
export function parseFilter(text: string, flag = '--filter'): Filter {
	const trimmed = text.trim();
	if (trimmed === '') {
		throw new UsageError(`${flag} is empty; e.g. ${flag} 'status=online and region in (us,eu)'`);
	}

	if (trimmed.startsWith('{')) {
		let json: unknown;
		try {
			json = JSON.parse(trimmed);
		} catch (error) {
			throw new UsageError(`${flag}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
		}

		return validateFilter(json, flag);
	}

	const fail = (position: number, what: string): never => {
		throw new UsageError(`${flag}: ${what} at position ${position} in '${trimmed}'`);
	};

	return new Parser(tokenize(trimmed, fail), fail).parse();
}
