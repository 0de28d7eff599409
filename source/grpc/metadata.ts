/**
 * Request metadata as ghz takes it: a JSON object of string values (`-m '{"key":"value"}'`).
 * Values of keys ending in '-bin' are base64 and sent as bytes. Values may hold template actions;
 * metadata without actions is built once and reused (grpc-js copies it per call).
 */
import {Metadata} from '@grpc/grpc-js';
import {UsageError} from '../errors.js';
import {compileTemplate, type Template, type TemplateContext} from '../templates/template.js';
import {callDataFields} from './call-data.js';

const base64 = /^[A-Za-z\d+/]*={0,2}$/;

/** Main thread: parse and check; returns plain key → value text. */
export function parseMetadata(text: string | undefined): Record<string, string> {
	if (text === undefined || text.trim() === '') {
		return {};
	}

	let value: unknown;
	try {
		value = JSON.parse(text) as unknown;
	} catch (error) {
		throw new UsageError(`--metadata: not valid JSON (${error instanceof Error ? error.message : String(error)}); use '{"key":"value"}'`);
	}

	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new UsageError(`--metadata must be a JSON object of strings, e.g. '{"request-id":"{{.RequestNumber}}"}'`);
	}

	const out: Record<string, string> = {};
	for (const [rawKey, item] of Object.entries(value as Record<string, unknown>)) {
		const key = rawKey.toLowerCase();
		if (!/^[\da-z_.-]+$/.test(key)) {
			throw new UsageError(`--metadata: '${rawKey}' is not a valid metadata key (letters, digits, '-', '_', '.')`);
		}

		if (typeof item !== 'string') {
			throw new UsageError(`--metadata: the value of '${rawKey}' must be a string`);
		}

		if (key.endsWith('-bin')) {
			if (!base64.test(item)) {
				throw new UsageError(`--metadata: '${rawKey}' ends in -bin, so its value must be base64`);
			}
		} else {
			compileTemplate(item, `--metadata ${rawKey}`, callDataFields);
		}

		out[key] = item;
	}

	return out;
}

/** Worker side: the Metadata for each call. */
export class MetadataBuilder {
	readonly #static: Metadata | undefined;
	readonly #entries: ReadonlyArray<readonly [string, Buffer | Template]>;
	readonly #fields: Record<string, string>;

	constructor(values: Readonly<Record<string, string>>, fields: Record<string, string>) {
		this.#fields = fields;
		this.#entries = Object.entries(values).map(([key, value]) => [
			key,
			key.endsWith('-bin') ? Buffer.from(value, 'base64') : compileTemplate(value, `--metadata ${key}`, callDataFields),
		]);
		const dynamic = this.#entries.some(([, value]) => !Buffer.isBuffer(value) && value.dynamic);
		this.#static = dynamic ? undefined : this.#build({requestNumber: 0, workerId: 0, timestampMs: 0});
	}

	#build(context: TemplateContext): Metadata {
		const metadata = new Metadata();
		for (const [key, value] of this.#entries) {
			metadata.set(key, Buffer.isBuffer(value) ? value : value.render(context));
		}

		return metadata;
	}

	forCall(requestNumber: number, workerId: number, timestampMs: number): Metadata {
		return this.#static ?? this.#build({requestNumber, workerId, timestampMs, fields: this.#fields});
	}
}
