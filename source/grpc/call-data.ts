/**
 * Request data in ghz's form: one JSON object, or an array used round-robin (for client and
 * bidi streams, the array's items are the stream's messages). Text may hold ghz template actions,
 * compiled once; data without actions is encoded once and reused for every call.
 */
import protobuf from 'protobufjs';
import {UsageError} from '../errors.js';
import {compileTemplate, type Template, type TemplateContext} from '../templates/template.js';
import {checkMessage} from './check-message.js';
import type {MethodInfo} from './proto.js';

/**
 * Plain data for workers. 'items': each array item (or the one object) as JSON text, each its own
 * template. 'text': the whole text is one template (actions outside strings, e.g. a bare
 * `{{randomInt 1 9}}`), parsed after rendering.
 */
export type DataSpec = {readonly kind: 'items'; readonly items: readonly string[]} | {readonly kind: 'text'; readonly text: string};

export const callDataFields = ['FullyQualifiedName', 'MethodName', 'ServiceName', 'InputName', 'OutputName', 'IsClientStreaming', 'IsServerStreaming'] as const;

export function callDataValues(method: MethodInfo): Record<string, string> {
	return {
		FullyQualifiedName: method.fullyQualifiedName,
		MethodName: method.methodName,
		ServiceName: method.serviceName,
		InputName: method.inputName,
		OutputName: method.outputName,
		IsClientStreaming: String(method.requestStream),
		IsServerStreaming: String(method.responseStream),
	};
}

function parseJson(text: string, where: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new UsageError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
	}
}

function asItems(value: unknown, where: string): unknown[] {
	if (Array.isArray(value)) {
		if (value.length === 0) {
			throw new UsageError(`${where}: the array is empty; give at least one message`);
		}

		return value;
	}

	return [value];
}

/**
 * Main thread: turn --data text into a DataSpec and check every message against the method's
 * request type, rendering templates once with sample values.
 */
export function prepareData(text: string | undefined, method: MethodInfo, where: string): DataSpec {
	const fields = callDataValues(method);
	const sample: TemplateContext = {requestNumber: 0, workerId: 0, timestampMs: Date.now(), fields};
	if (text === undefined || text.trim() === '') {
		return {kind: 'items', items: ['{}']};
	}

	let spec: DataSpec;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch {
		parsed = undefined;
	}

	if (parsed === undefined) {
		const rendered = compileTemplate(text, where, callDataFields).render(sample);
		parsed = parseJson(rendered, where);
		spec = {kind: 'text', text};
	} else {
		spec = {kind: 'items', items: asItems(parsed, where).map(item => JSON.stringify(item))};
	}

	const items = spec.kind === 'items' ? spec.items.map(item => parseJson(compileTemplate(item, where, callDataFields).render(sample), where)) : asItems(parsed, where);
	for (const [index, item] of items.entries()) {
		checkMessage(method.requestType, item, items.length > 1 ? `${where}[${index}]` : where);
	}

	return spec;
}

/** JSON names (camelCase) to the proto field names the root was loaded with (keepCase). */
function normalise(type: protobuf.Type, value: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value)) {
		const field = type.fields[key] ?? type.fieldsArray.find(candidate => protobuf.util.camelCase(candidate.name) === key);
		const name = field?.name ?? key;
		const nested = field?.resolvedType;
		if (nested instanceof protobuf.Type && item !== null && typeof item === 'object') {
			if (field?.map) {
				out[name] = Object.fromEntries(Object.entries(item as Record<string, unknown>).map(([mapKey, mapValue]) => [mapKey, normalise(nested, mapValue as Record<string, unknown>)]));
			} else if (Array.isArray(item)) {
				out[name] = item.map(element => normalise(nested, element as Record<string, unknown>));
			} else {
				out[name] = normalise(nested, item as Record<string, unknown>);
			}
		} else {
			out[name] = item;
		}
	}

	return out;
}

export function encodeMessage(type: protobuf.Type, value: unknown): Buffer {
	const bytes = type.encode(type.fromObject(normalise(type, value as Record<string, unknown>))).finish();
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type Item = {readonly template: Template; readonly encoded: Buffer | undefined};

/** Worker side: the encoded message(s) for each request. */
export class RequestEncoder {
	readonly #type: protobuf.Type;
	readonly #fields: Record<string, string>;
	readonly #items: readonly Item[];
	readonly #whole: Template | undefined;
	readonly #static: readonly Buffer[] | undefined;

	constructor(spec: DataSpec, method: MethodInfo) {
		this.#type = method.requestType;
		this.#fields = callDataValues(method);
		if (spec.kind === 'text') {
			this.#items = [];
			this.#whole = compileTemplate(spec.text, '--data', callDataFields);
			this.#static = undefined;
		} else {
			this.#items = spec.items.map(text => {
				const template = compileTemplate(text, '--data', callDataFields);
				return {template, encoded: template.dynamic ? undefined : encodeMessage(this.#type, JSON.parse(text))};
			});
			this.#whole = undefined;
			this.#static = this.#items.every(item => item.encoded) ? this.#items.map(item => item.encoded!) : undefined;
		}
	}

	/** True when every request is the same bytes (no template actions). */
	get isStatic(): boolean {
		return this.#static !== undefined;
	}

	#context(requestNumber: number, workerId: number, timestampMs: number): TemplateContext {
		return {requestNumber, workerId, timestampMs, fields: this.#fields};
	}

	#renderWhole(context: TemplateContext): unknown[] {
		const value = JSON.parse(this.#whole!.render(context)) as unknown;
		return Array.isArray(value) ? value : [value];
	}

	/** One message, round-robin over the items by request number (unary and server streaming). */
	one(requestNumber: number, workerId: number, timestampMs: number): Buffer {
		if (this.#static) {
			return this.#static[requestNumber % this.#static.length]!;
		}

		const context = this.#context(requestNumber, workerId, timestampMs);
		if (this.#whole) {
			const values = this.#renderWhole(context);
			return encodeMessage(this.#type, values[requestNumber % values.length]);
		}

		const item = this.#items[requestNumber % this.#items.length]!;
		return item.encoded ?? encodeMessage(this.#type, JSON.parse(item.template.render(context)));
	}

	/** Every item, in order: the messages of one client or bidi stream. */
	all(requestNumber: number, workerId: number, timestampMs: number): readonly Buffer[] {
		if (this.#static) {
			return this.#static;
		}

		const context = this.#context(requestNumber, workerId, timestampMs);
		if (this.#whole) {
			return this.#renderWhole(context).map(value => encodeMessage(this.#type, value));
		}

		return this.#items.map(item => item.encoded ?? encodeMessage(this.#type, JSON.parse(item.template.render(context))));
	}
}
