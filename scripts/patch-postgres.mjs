#!/usr/bin/env node
// Repairs two defects of postgres.js 3.4.9 in node_modules (run by `postinstall`).
//
// 1. `nextWrite()` writes to `socket` without checking it: a small write is
//    flushed from a setImmediate, and when the connection closed in between
//    (or a reserved connection is used after its backend died) `socket` is
//    null and the TypeError escapes as an uncaughtException, while the query
//    it carried never settles (porsager/postgres#1154, #1208, PR #1209).
//    Patched: the pending queries are rejected with a catchable
//    CONNECTION_CLOSED, and a connection the pool still counts as usable is
//    handed back to it as closed, so it reconnects.
// 2. `terminate()` and `closed()` cancel the write timer without clearing it
//    and keep the unsent bytes, so a reconnected connection never arms the
//    timer again and every later small write waits forever
//    (LanternOps/breeze#3225). Patched: both are cleared. `closed()` also
//    keeps the error a dying backend sent (57P01) and the query it failed,
//    and the next connection to start up on that object rejects its first
//    query with that stale error (porsager/postgres PR #1215's report).
//    Patched: the lost query is rejected with that error, and both are
//    cleared with the socket.
// 3. `release()` of a reserved connection whose backend died puts it back
//    among the open connections with no socket. Patched: only a connection
//    still reserved goes back to the pool.
// 4. The array types a new connection fetches first are read by an async
//    function nobody awaits: a connection killed during that query raises an
//    unhandledRejection. Patched: caught; the next connection fetches again.
// 5. A reserved connection (`sql.reserve()`) or a transaction (`sql.begin()`)
//    keeps its handle on the connection object after the connection closed,
//    and the pool reconnects that same object for the next waiter. Two
//    defects follow: the queries it had queued behind a full pipeline (every
//    first use of a statement on a new connection waits for its describe) are
//    neither sent nor rejected, so their callers wait forever; and a statement
//    sent later through the stale handle (a ROLLBACK after the failure) runs
//    in the next waiter's session, inside its transaction. Patched: a closing
//    connection rejects what its holder had queued, and a handle whose
//    connection closed since it was taken rejects every further query with
//    CONNECTION_CLOSED instead of sending it.
//
// Idempotent: an already patched file is left alone. Anything that does not
// look like 3.4.9 stops the install, since the patch would no longer fit.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const POSTGRES_VERSION = '3.4.9';
export const PATCH_MARKER = 'dcdock-patch:postgres-3.4.9-v3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'postgres');

const connectionEdits = [
  {
    what: 'a failed type fetch is caught',
    find: `      if (needsTypes) {
        initial.reserve && (initial = null)
        return fetchArrayTypes()
      }`,
    replace: `      if (needsTypes) {
        initial.reserve && (initial = null)
        // ${PATCH_MARKER}: the connection's own close handling retries or fails the queries waiting on it.
        return fetchArrayTypes().catch(() => { needsTypes = true })
      }`,
  },
  {
    what: 'nextWrite guard',
    find: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
    replace: `  function nextWrite(fn) {
    if (socket === null) { // ${PATCH_MARKER}
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      const err = Errors.connection('CONNECTION_CLOSED', options)
      query && queryError(query, err)
      query = null
      while (sent.length)
        queryError(sent.shift(), err)
      setImmediate(handBackClosed, err)
      return false
    }
    const x = socket.write(chunk, fn)`,
  },
  {
    what: 'hand back a connection without a socket',
    find: `  function connectTimedOut() {`,
    replace: `  function handBackClosed(err) { // ${PATCH_MARKER}
    const usable = connection.queue === queues.open || connection.queue === queues.busy || connection.queue === queues.full
    socket === null && !initial && !terminated && usable && onclose(connection, err)
  }

  function connectTimedOut() {`,
  },
  {
    what: 'terminate clears the write timer',
    find: `    clearImmediate(nextWriteTimer)
    if (socket) {`,
    replace: `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${PATCH_MARKER}
    if (socket) {`,
  },
  {
    what: 'closed clears the write timer',
    find: `    incomings = null
    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)`,
    replace: `    incomings = null
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${PATCH_MARKER}
    socket.removeListener('data', data)`,
  },
  {
    what: "closed forgets the dead backend's query and error",
    find: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))`,
    replace: `    !hadError && (query || sent.length) && error(errorResponse || Errors.connection('CONNECTION_CLOSED', options, socket))
    query = errorResponse = null // ${PATCH_MARKER}`,
  },
];

const indexEdits = [
  {
    what: 'a closing connection fails what its holder queued',
    find: `  function onclose(c, e) {
    move(c, closed)
    c.reserved = null`,
    replace: `  function onclose(c, e) {
    move(c, closed)
    c.generation = (c.generation || 0) + 1 // ${PATCH_MARKER}
    c.reserved && c.reserved.fail && c.reserved.fail(e || Errors.connection('CONNECTION_CLOSED', options))
    c.reserved = null`,
  },
  {
    what: 'a reservation refuses queries once its connection closed',
    find: `    move(c, reserved)
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true`,
    replace: `    move(c, reserved)
    const generation = c.generation // ${PATCH_MARKER}
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true
    c.reserved.fail = (err) => { while (queue.length) queue.shift().reject(err) }`,
  },
  {
    what: 'a reservation handler checks its connection',
    find: `    function handler(q) {
      c.queue === full
        ? queue.push(q)
        : c.execute(q) || move(c, full)
    }`,
    replace: `    function handler(q) {
      if (c.generation !== generation) // ${PATCH_MARKER}
        return q.reject(Errors.connection('CONNECTION_CLOSED', options))
      c.queue === full
        ? queue.push(q)
        : c.execute(q) || move(c, full)
    }`,
  },
  {
    what: 'a transaction handler checks its connection',
    find: `      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
        c.queue === full`,
    replace: `      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
        if (c.generation !== generation) // ${PATCH_MARKER}
          return q.reject(Errors.connection('CONNECTION_CLOSED', options))
        c.queue === full`,
  },
  {
    what: 'a transaction remembers its connection and fails its queue on close',
    find: `    function onexecute(c) {
      connection = c
      move(c, reserved)
      c.reserved = () => queries.length
        ? c.execute(queries.shift())
        : move(c, reserved)
    }`,
    replace: `    function onexecute(c) {
      connection = c
      generation = c.generation // ${PATCH_MARKER}
      move(c, reserved)
      c.reserved = () => queries.length
        ? c.execute(queries.shift())
        : move(c, reserved)
      c.reserved.fail = (err) => { while (queries.length) queries.shift().reject(err) }
    }`,
  },
  {
    what: 'a transaction declares its generation',
    find: `    let savepoints = 0
      , connection
      , prepare = null`,
    replace: `    let savepoints = 0
      , connection
      , generation // ${PATCH_MARKER}
      , prepare = null`,
  },
  {
    what: 'release only a connection still reserved',
    find: `    sql.release = () => {
      c.reserved = null
      onopen(c)
    }`,
    replace: `    sql.release = () => {
      c.reserved = null
      // ${PATCH_MARKER}: a connection that closed meanwhile belongs to the pool's closed queue.
      ;(c.queue === reserved || c.queue === full) && onopen(c)
    }`,
  },
];

const targets = ['src', 'cjs/src', 'cf/src'].flatMap((dir) => [
  { file: path.join(pkgDir, dir, 'connection.js'), edits: connectionEdits },
  { file: path.join(pkgDir, dir, 'index.js'), edits: indexEdits },
]);

function fail(message) {
  console.error(`\npatch-postgres: ${message}\nThe database driver was not patched; DCDock refuses to start without the patch.\n`);
  process.exit(1);
}

/** Applies the edits to one file's text; returns the new text, or null when it is already patched. */
export function patchText(text, edits, name) {
  const done = edits.filter((e) => text.includes(e.replace));
  if (done.length === edits.length) return null;
  if (done.length > 0) fail(`${name} is partly patched (${done.map((e) => e.what).join(', ')}); reinstall postgres@${POSTGRES_VERSION}.`);
  let out = text;
  for (const e of edits) {
    const at = out.indexOf(e.find);
    if (at < 0 || out.indexOf(e.find, at + 1) >= 0) fail(`${name}: the code for "${e.what}" is not the one of postgres ${POSTGRES_VERSION}.`);
    out = out.slice(0, at) + e.replace + out.slice(at + e.find.length);
  }
  return out;
}

function main() {
  const pkgFile = path.join(pkgDir, 'package.json');
  if (!existsSync(pkgFile)) fail(`node_modules/postgres is missing (run from ${root}).`);
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (version !== POSTGRES_VERSION) fail(`postgres ${version} is installed; this patch is for exactly ${POSTGRES_VERSION} (package.json pins it).`);
  let changed = 0;
  for (const t of targets) {
    if (!existsSync(t.file)) fail(`${path.relative(root, t.file)} is missing.`);
    const next = patchText(readFileSync(t.file, 'utf8'), t.edits, path.relative(root, t.file));
    if (next === null) continue;
    writeFileSync(t.file, next);
    changed++;
  }
  console.log(
    changed ? `patch-postgres: patched ${changed} files of postgres ${POSTGRES_VERSION}` : `patch-postgres: postgres ${POSTGRES_VERSION} already patched`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
