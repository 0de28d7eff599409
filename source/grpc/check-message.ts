/**
 * Checks that a JSON value fits a protobuf message strictly (protobufjs's fromObject silently
 * drops unknown fields and coerces 'abc' to 0), so data that does not match the message is one
 * line at start-up naming the field, never thousands of wrong requests.
 */
import protobuf from 'protobufjs';
import {UsageError} from '../errors.js';

const integerTypes = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const floatTypes = new Set(['double', 'float']);

function describe(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function checkScalar(field: protobuf.Field, value: unknown, where: string): void {
	const {type} = field;
	const fail = (expected: string) => {
		throw new UsageError(`${where}: expected ${expected} for ${type} field, got ${describe(value)}`);
	};

	if (integerTypes.has(type)) {
		const ok = (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value));
		if (!ok) {
			fail('a whole number');
		}

		if (type.startsWith('u') || type.startsWith('fixed')) {
			if (String(value).startsWith('-')) {
				fail('a number >= 0');
			}
		}
	} else if (floatTypes.has(type)) {
		const ok = typeof value === 'number' || (typeof value === 'string' && (['NaN', 'Infinity', '-Infinity'].includes(value) || Number.isFinite(Number(value))));
		if (!ok) {
			fail('a number');
		}
	} else if (type === 'bool') {
		if (typeof value !== 'boolean') {
			fail('true or false');
		}
	} else if (type === 'string') {
		if (typeof value !== 'string') {
			fail('a string');
		}
	} else if (type === 'bytes') {
		if (typeof value !== 'string' || !/^[A-Za-z\d+/\-_]*={0,2}$/.test(value)) {
			fail('base64 text');
		}
	}
}

function checkValue(field: protobuf.Field, value: unknown, where: string): void {
	const resolved = field.resolvedType;
	if (resolved instanceof protobuf.Type) {
		checkMessage(resolved, value, where);
	} else if (resolved instanceof protobuf.Enum) {
		const ok = (typeof value === 'string' && value in resolved.values) || (typeof value === 'number' && Object.values(resolved.values).includes(value));
		if (!ok) {
			throw new UsageError(`${where}: expected one of ${Object.keys(resolved.values).join(', ')}, got ${describe(value)}`);
		}
	} else {
		checkScalar(field, value, where);
	}
}

/** Throws UsageError naming the first field of `value` that does not fit `type`. */
export function checkMessage(type: protobuf.Type, value: unknown, where: string): void {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new UsageError(`${where}: expected a JSON object for ${type.name}, got ${describe(value)}`);
	}

	const oneofsSet = new Map<string, string>();
	for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
		const field = type.fields[key] ?? type.fieldsArray.find(candidate => candidate.name === key || protobuf.util.camelCase(candidate.name) === key);
		const here = `${where}.${key}`;
		if (!field) {
			const known = type.fieldsArray.map(candidate => candidate.name).join(', ');
			throw new UsageError(`${here}: ${type.name} has no field '${key}'; fields: ${known || 'none'}`);
		}

		if (item === null) {
			continue;
		}

		if (field.partOf) {
			const other = oneofsSet.get(field.partOf.name);
			if (other) {
				throw new UsageError(`${here}: '${other}' and '${key}' are both set but belong to the same oneof '${field.partOf.name}'`);
			}

			oneofsSet.set(field.partOf.name, key);
		}

		if (field.map) {
			if (typeof item !== 'object' || Array.isArray(item)) {
				throw new UsageError(`${here}: expected a JSON object for map field, got ${describe(item)}`);
			}

			for (const [mapKey, mapValue] of Object.entries(item as Record<string, unknown>)) {
				checkValue(field, mapValue, `${here}.${mapKey}`);
			}
		} else if (field.repeated) {
			if (!Array.isArray(item)) {
				throw new UsageError(`${here}: expected an array for repeated field, got ${describe(item)}`);
			}

			for (const [index, element] of item.entries()) {
				checkValue(field, element, `${here}[${index}]`);
			}
		} else {
			checkValue(field, item, here);
		}
	}
}
