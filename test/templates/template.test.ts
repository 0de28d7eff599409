import assert from 'node:assert/strict';
import {test} from 'node:test';
import {compileTemplate} from '../../source/templates/template.js';

const context = {requestNumber: 42, workerId: 3, timestampMs: 1_700_000_000_123.5};

test('fields render per request', () => {
	const template = compileTemplate('n={{.RequestNumber}} w={{ .WorkerID }} s={{.TimestampUnix}} ms={{.TimestampUnixMilli}}', '--data');
	assert.equal(template.render(context), 'n=42 w=3 s=1700000000 ms=1700000000123');
	assert.equal(template.render({...context, requestNumber: 43}), 'n=43 w=3 s=1700000000 ms=1700000000123');
	assert.equal(compileTemplate('{{.TimestampUnixNano}}', 'x').render(context), '1700000000123500000');
	assert.equal(compileTemplate('{{.Timestamp}}', 'x').render(context), '2023-11-14T22:13:20.123Z');
});

test('.UUID is one per request, newUUID is new each time', () => {
	const uuid = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
	const [a, b] = compileTemplate('{{.UUID}} {{.UUID}}', 'x').render(context).split(' ');
	assert.match(a!, uuid);
	assert.equal(a, b);
	const [c, d] = compileTemplate('{{newUUID}} {{newUUID}}', 'x').render(context).split(' ');
	assert.match(c!, uuid);
	assert.notEqual(c, d);
	assert.notEqual(compileTemplate('{{.UUID}}', 'x').render(context), compileTemplate('{{.UUID}}', 'x').render(context));
});

test('randomString and randomInt stay in their bounds', () => {
	const strings = compileTemplate('{{randomString 16}}', 'x');
	const ints = compileTemplate('{{randomInt 5 8}}', 'x');
	const seen = new Set<string>();
	for (let index = 0; index < 500; index++) {
		assert.match(strings.render(context), /^[A-Za-z\d]{16}$/);
		const value = Number(ints.render(context));
		assert.ok(value >= 5 && value < 8, `randomInt gave ${value}`);
		seen.add(String(value));
	}

	assert.deepEqual([...seen].sort(), ['5', '6', '7']);
});

test('text without actions is returned as is', () => {
	const template = compileTemplate('{"name": "plain"}', '--data');
	assert.equal(template.dynamic, false);
	assert.equal(template.render(context), '{"name": "plain"}');
});

test('extra fields are declared by the caller', () => {
	const template = compileTemplate('{{.MethodName}}', '--data', ['MethodName']);
	assert.equal(template.render({...context, fields: {MethodName: 'Get'}}), 'Get');
});

test('bad templates fail at compile time with one line naming the flag', () => {
	const cases: Array<[string, RegExp]> = [
		['{{.Nope}}', /^--data: unknown template field '\.Nope'; known: \.RequestNumber/],
		['{{frobnicate}}', /^--data: unknown template function 'frobnicate'/],
		['abc {{.RequestNumber', /^--data: unclosed '\{\{' at character 5/],
		['{{randomString}}', /^--data: '\{\{randomString N\}\}' takes one length/],
		['{{randomString x}}', /needs a length N >= 0 as a whole number/],
		['{{randomInt 9 3}}', /randomInt needs MIN < MAX, got 9 3/],
		['{{}}', /empty template action/],
		['{{.WorkerID 3}}', /takes no arguments/],
	];
	for (const [source, expected] of cases) {
		assert.throws(() => compileTemplate(source, '--data'), (error: Error) => {
			assert.equal(error.name, 'UsageError');
			assert.match(error.message, expected);
			assert.ok(!error.message.includes('\n'));
			return true;
		}, source);
	}
});
