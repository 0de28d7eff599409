import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatProgress} from '../../source/report/progress.js';
import {snapshotFixture} from '../ui/fixtures.js';

test('the headless progress line names the stage and, once found, the knee', () => {
	const plain = formatProgress(snapshotFixture({}));
	assert.doesNotMatch(plain, /stage|knee/);
	const staged = formatProgress(snapshotFixture({stage: {index: 2, name: '? 450/s'}, knee: {rate: 450, atMs: 9000, reason: 'between 450/s and 500/s'}}));
	assert.match(staged, / {2}stage \? 450\/s {2}knee 450\/s/);
});
