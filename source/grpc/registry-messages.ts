/**
 * The MulticastRegistry service's messages (proto/registry.proto, as @grpc/proto-loader gives
 * them with keepCase, longs as Number, oneofs) to and from the pattern's plain types, for the
 * server (source/server/registry-service.ts) and the client (registry-client.ts). Incoming filters
 * are checked by the same validator as `--filter` JSON, so a malformed one names its path.
 */
import {UsageError} from '../errors.js';
import {validateFilter} from '../pattern/filter-parse.js';
import type {Filter} from '../pattern/filter.js';
import type {Metadata, MetadataValue, RegisteredIdentity} from '../pattern/types.js';

export const registryServiceName = 'loadscope.registry.v1.MulticastRegistry';

/** proto MetadataValue: one of its fields is set (`kind` names it when decoded). */
export type ValueMessage = {string_value?: string; int_value?: number; double_value?: number; bool_value?: boolean; kind?: string};
export type FilterMessage = Record<string, unknown> & {kind?: string};
export type IdentityMessage = {identity: string; metadata: Record<string, ValueMessage>; expires_at_ms: number};

export function valueToMessage(value: MetadataValue): ValueMessage {
	if (typeof value === 'string') {
		return {string_value: value};
	}

	if (typeof value === 'boolean') {
		return {bool_value: value};
	}

	return Number.isSafeInteger(value) ? {int_value: value} : {double_value: value};
}

/** undefined when no field of the oneof is set. */
export function valueFromMessage(message: ValueMessage | null | undefined): MetadataValue | undefined {
	switch (message?.kind) {
		case 'string_value': {
			return message.string_value;
		}

		case 'int_value': {
			return Number(message.int_value);
		}

		case 'double_value': {
			return message.double_value;
		}

		case 'bool_value': {
			return message.bool_value;
		}

		default: {
			return undefined;
		}
	}
}

export function metadataToMessage(metadata: Metadata): Record<string, ValueMessage> {
	return Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, valueToMessage(value)]));
}

/** Throws a UsageError naming the key when a value has no field set. */
export function metadataFromMessage(message: Record<string, ValueMessage> | undefined): Metadata {
	const metadata: Record<string, MetadataValue> = {};
	for (const [key, value] of Object.entries(message ?? {})) {
		const decoded = valueFromMessage(value);
		if (decoded === undefined) {
			throw new UsageError(`metadata "${key}" has no value set (string_value, int_value, double_value or bool_value)`);
		}

		metadata[key] = decoded;
	}

	return metadata;
}

export function filterToMessage(filter: Filter): FilterMessage {
	switch (filter.op) {
		case 'and':
		case 'or': {
			return {[filter.op]: {filters: filter.filters.map(part => filterToMessage(part))}};
		}

		case 'not': {
			return {not: filterToMessage(filter.filter)};
		}

		case 'exists': {
			return {exists: filter.field};
		}

		case 'in': {
			return {in: {field: filter.field, values: filter.values.map(value => valueToMessage(value))}};
		}

		default: {
			return {[filter.op]: {field: filter.field, value: valueToMessage(filter.value)}};
		}
	}
}

/** The filter AST as JSON, unchecked (validateFilter checks it). */
function filterJson(message: FilterMessage | null | undefined): unknown {
	const op = message?.kind;
	if (!message || !op) {
		return {};
	}

	const body = message[op] as Record<string, unknown> | string | null | undefined;
	switch (op) {
		case 'and':
		case 'or': {
			const filters = (body as {filters?: FilterMessage[]} | null)?.filters ?? [];
			return {op, filters: filters.map(part => filterJson(part))};
		}

		case 'not': {
			return {op, filter: filterJson(body as FilterMessage)};
		}

		case 'exists': {
			return {op, field: body};
		}

		case 'in': {
			const list = body as {field?: string; values?: ValueMessage[]} | null;
			return {op, field: list?.field, values: (list?.values ?? []).map(value => valueFromMessage(value) ?? null)};
		}

		default: {
			const comparison = body as {field?: string; value?: ValueMessage} | null;
			return {op, field: comparison?.field, value: valueFromMessage(comparison?.value)};
		}
	}
}

/** undefined for an absent filter; throws a UsageError naming the bad part otherwise. */
export function filterFromMessage(message: FilterMessage | null | undefined): Filter | undefined {
	if (message === null || message === undefined) {
		return undefined;
	}

	return validateFilter(filterJson(message), 'filter');
}

export function identityToMessage(entry: RegisteredIdentity): IdentityMessage {
	return {identity: entry.identity, metadata: metadataToMessage(entry.metadata), expires_at_ms: entry.expiresAtMs};
}

export function identityFromMessage(message: IdentityMessage): RegisteredIdentity {
	return {identity: message.identity, metadata: metadataFromMessage(message.metadata), expiresAtMs: Number(message.expires_at_ms)};
}
