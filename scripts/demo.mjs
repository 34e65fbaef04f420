#!/usr/bin/env node
// `npm run demo`: the shop demo (several Strand microservices talking over loopback) arrives with
// the "Examples, quick start and documentation" issue. Until then, say so plainly.
console.log(`The Strand demo is not in this version yet.

What works today: the wire protocol and its Bun TCP adapter. Try
  npm test                                   # the test suites over real loopback sockets
  npx bun packages/tcp/bench/wire-echo.ts    # wire echo vs a raw Bun TCP echo
and read packages/wire/PROTOCOL.md.`);
