import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
