import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {commonFlags} from '../../source/cli/common-flags.js';
import {checkProfileFlags, loadProfile} from '../../source/cli/profile.js';
import {commands} from '../../source/cli/registry.js';
import {createShape} from '../../source/load/index.js';

const folder = fileURLToPath(new URL('../../../profiles/', import.meta.url));

test('every shipped profile loads and validates', async () => {
	const files = readdirSync(folder).filter(file => file.endsWith('.yaml'));
	assert.ok(files.length >= 4);
	for (const file of files) {
		const profile = loadProfile(`${folder}${file}`);
		if (profile.load) {
			assert.ok(createShape(profile.load).rateAt(0) >= 0, file);
		}

		const entry = commands[profile.workload];
		if (entry) {
			const {command} = await entry.load();
			if (command.kind === 'workload') {
				checkProfileFlags(profile, command.flags, commonFlags);
			}
		}
	}
});
