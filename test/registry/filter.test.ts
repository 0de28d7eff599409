/** The filter syntax and its evaluation: every operator, precedence, JSON, and errors naming the position. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UsageError} from '../../source/errors.js';
import {formatFilter, matches} from '../../source/pattern/filter.js';
import {parseFilter} from '../../source/pattern/filter-parse.js';

const alice = {status: 'online', region: 'us', tier: 3, name: 'loadtest-user-7', vip: true};
const pass = (text: string) => matches(parseFilter(text), alice);

test('each operator matches and fails as it should', () => {
	const cases: Array<[string, boolean]> = [
		['status=online', true],
		['status==offline', false],
		['status!=offline', true],
		['tier<4', true],
		['tier<3', false],
		['tier<=3', true],
		['tier>3', false],
		['tier>=3', true],
		['tier>10', false],
		['name startswith loadtest', true],
		['name endswith "-7"', true],
		['name contains user', true],
		['name contains admin', false],
		['region in (us,eu)', true],
		['region in (ap)', false],
		['region exists', true],
		['missing exists', false],
		['vip=true', true],
		['missing!=x', true],
		['missing=x', false],
		['tier="3"', false],
	];
	for (const [text, expected] of cases) {
		assert.equal(pass(text), expected, text);
	}
});

test('and binds tighter than or; not and parentheses', () => {
	assert.equal(pass('status=offline and tier=3 or region=us'), true);
	assert.equal(pass('status=offline and (tier=3 or region=us)'), false);
	assert.equal(pass('not status=offline'), true);
	assert.equal(pass('!(region in (us,eu)) || tier>=3 && vip=true'), true);
	assert.deepEqual(parseFilter('status=online and region in (us,eu)'), {
		op: 'and',
		filters: [
			{op: 'eq', field: 'status', value: 'online'},
			{op: 'in', field: 'region', values: ['us', 'eu']},
		],
	});
});

test('JSON form and formatted text read back to the same AST', () => {
	const ast = parseFilter('{"op":"or","filters":[{"op":"gt","field":"tier","value":2},{"op":"not","filter":{"op":"exists","field":"region"}}]}');
	assert.equal(matches(ast, alice), true);
	assert.deepEqual(parseFilter(formatFilter(ast)), ast);
});

test('bad filters are usage errors that name the position', () => {
	const cases: Array<[string, RegExp]> = [
		['status=', /a value expected, found the end at position 8/],
		['status online', /an operator after 'status'.* at position 8/],
		['(status=online', /'\)' expected, found the end at position 15/],
		['region in us', /'\(' after 'in' expected, found 'us' at position 11/],
		['status="online', /unterminated string at position 8/],
		['status=online or', /a field name expected, found the end at position 17/],
		['{"op":"eq","field":"status"}', /"eq" needs a "value"/],
		['{"op":"like"}', /unknown op "like"/],
		['{bad json', /not valid JSON/],
	];
	for (const [text, message] of cases) {
		assert.throws(() => parseFilter(text), (error: unknown) => error instanceof UsageError && message.test(error.message), text);
	}
});
