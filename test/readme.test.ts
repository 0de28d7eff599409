/**
 * Every `loadscope` example in the readme is a command that parses: run with --dry-run, each must
 * validate its flags, profile and templates and exit 0. A renamed flag breaks this test, not a user.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, test} from 'node:test';
import {startServer, type RunningServer} from '../source/server/start-server.js';
import {keyHelp} from '../source/ui/keymap.js';
import {runCli} from './helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('readme.md', new URL('../..', import.meta.url)), 'utf8');

/** Shell words with single and double quotes, enough for the readme's examples. */
function words(line: string): string[] {
	const out: string[] = [];
	for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
		out.push(match[1] ?? match[2] ?? match[3]!);
	}

	return out;
}

function examples(): string[][] {
	const commands: string[][] = [];
	for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
		const lines = block[1]!.replaceAll(/\\\n\s*/g, ' ').split('\n');
		for (const raw of lines) {
			// The loadscope command alone: no trailing comment, background & or pipe into another tool.
			const line = raw.replace(/\s+#\s.*$/, '').replace(/\s*&$/, '').replace(/\s+\|\s.*$/, '').trim();
			if (line.startsWith('loadscope')) {
				commands.push(words(line).slice(1));
			}
		}
	}

	return commands;
}

// The gRPC examples name `loadscope serve`'s default address; a real one on a free port stands in.
// The TLS examples name the user's CA bundle, ca.pem; a readable file stands in (--dry-run does not connect).
let server: RunningServer;
let folder: string;
before(async () => {
	server = await startServer({port: 0, host: '127.0.0.1'});
	folder = mkdtempSync(path.join(os.tmpdir(), 'loadscope-readme-'));
	writeFileSync(path.join(folder, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
});
after(async () => {
	await server.close(100);
	rmSync(folder, {recursive: true, force: true});
});

/** Commands that do not start a load run: they read files or serve, so --dry-run does not apply. */
const actions = new Set(['report', 'compare', 'serve']);

test('the readme lists every key of the live view, as the help overlay says it', () => {
	for (const {keys, description} of keyHelp) {
		const cell = keys.split(' / ').map(key => `\`${key}\``).join(' / ');
		assert.ok(readme.includes(`| ${cell} | ${description} |`), `readme's key table lacks: ${keys} — ${description}`);
	}
});

test('the readme has examples of every load command', () => {
	const used = new Set(examples().map(args => args[0] ?? 'demo'));
	for (const name of ['synthetic', 'noop', 'redis', 'nats', 'grpc', 'mixed', 'multicast', 'enumerate', 'register', 'run']) {
		assert.ok(used.has(name), `no readme example of loadscope ${name}`);
	}
});

for (const args of examples().filter(args => !actions.has(args[0] ?? ''))) {
	test(`readme: loadscope ${args.join(' ')}`, async () => {
		const local = args.map(arg => arg.replace(/^localhost:8980$/, `127.0.0.1:${server.port}`).replace(/^ca\.pem$/, path.join(folder, 'ca.pem')));
		const result = await runCli([...local, '--dry-run'], {cwd: root, timeoutMs: 30_000});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /"plan": \{/);
	});
}
