// Preloaded (`node --import`) into every process `npm start` runs. start.mjs spawns its children
// in their own process group, so the terminal's Ctrl-C reaches start.mjs alone and each child gets
// exactly one SIGTERM from it. The price: if start.mjs dies without stopping them (SIGKILL, a
// crash), no signal reaches the children. So each child watches its parent: once start.mjs is gone
// (the child has been re-parented, or the pipe to start.mjs is broken), it stops itself the
// graceful way, with SIGTERM to itself, and exits within 30 s whatever happens.
const parent = Number(process.env.CAPSCORE_START_PID);
delete process.env.CAPSCORE_START_PID; // not inherited by anything the child starts

if (Number.isInteger(parent) && parent > 0) {
  let gone = false;
  const parentGone = () => {
    if (gone) return;
    gone = true;
    setTimeout(() => process.exit(1), 30_000).unref();
    process.kill(process.pid, 'SIGTERM');
  };
  // A broken pipe means nobody reads the output any more: stop, and drop what is written after.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (error.code !== 'EPIPE' && !gone) throw error;
      parentGone();
    });
  }
  const check = () => {
    if (process.ppid !== parent) parentGone();
    else setTimeout(check, 1000).unref();
  };
  check();
}
