// `npm test` runs this first: before any other work, it checks what the tests need from the system
// (not from npm) and, when something is missing, prints ONE line naming the exact Debian packages and
// the command that installs them, then exits 1.
//   - chromium: the browser that opens the VS Code workbench (CRG_CHROMIUM, default /usr/bin/chromium);
//   - build-essential, python3, libkrb5-dev: only while code-server is not provisioned yet, because its
//     install compiles native addons (see provision.mjs).
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { isInstalled } from './provision.mjs';

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && executable(path.join(dir, command)));
}

export function missingPackages() {
  const missing = [];
  if (!executable(process.env.CRG_CHROMIUM ?? '/usr/bin/chromium')) missing.push('chromium');
  if (!isInstalled()) {
    if (!onPath('cc') || !onPath('c++') || !onPath('make')) missing.push('build-essential');
    if (!onPath('python3')) missing.push('python3');
    if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  }
  return missing;
}

const missing = missingPackages();
if (missing.length > 0) {
  console.error(`npm test needs these Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
