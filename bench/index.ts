/**
 * `npm run bench`: every bench/*.js module (but this one) exports `run(log)`; each reports its
 * figures as ratios against a baseline measured in the same run, because this VM's speed drifts.
 */
import {readdirSync} from 'node:fs';
import process from 'node:process';

type BenchModule = {run(log: (line: string) => void): Promise<void>};

const here = new URL('.', import.meta.url);
const only = process.argv.slice(2);
const names = readdirSync(here)
	.filter(file => file.endsWith('.js') && file !== 'index.js' && !file.startsWith('_'))
	.map(file => file.slice(0, -3))
	.filter(name => only.length === 0 || only.includes(name))
	.sort();

for (const name of names) {
	process.stdout.write(`\n## ${name}\n`);
	const module = (await import(new URL(`${name}.js`, here).href)) as BenchModule;
	// eslint-disable-next-line no-await-in-loop
	await module.run(line => {
		process.stdout.write(`${line}\n`);
	});
}

process.exit(0);
