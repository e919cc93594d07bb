// Runs the CLI in this process and reports its CPU time and peak RSS on stderr (`CRG_TIME=user,sys,maxRssKb`,
// the format bench/run.mjs reads from /usr/bin/time): the fallback where /usr/bin/time is not installed.
// Usage: node bench/cli-rss.cjs <path/to/cli.js> check <paths…>
'use strict';
const path = require('path');
const [cli, ...args] = process.argv.slice(2);
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`CRG_TIME=${(u.userCPUTime / 1e6).toFixed(3)},${(u.systemCPUTime / 1e6).toFixed(3)},${u.maxRSS}\n`);
});
process.exitCode = require(path.resolve(cli)).main(args);
