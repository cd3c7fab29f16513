// Runs a WASI command module under Node's built-in `node:wasi` (preview1).
//
//   node --no-warnings node_wasi_run.mjs MODULE.wasm [ARGS...]
//
// Exits with the guest's status: 0 when _start returns, its proc_exit code otherwise.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { WASI } from 'node:wasi';

const args = process.argv.slice(2);
if (args.length === 0) {
  process.stderr.write('usage: node_wasi_run.mjs MODULE.wasm [ARGS...]\n');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args, env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(args[0]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
