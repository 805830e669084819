// A hit counter kept on globalThis: the route handler and the pages are separate
// bundles, and this makes them share one count in the one server process.
const store = globalThis as typeof globalThis & { mistakesHits?: number };

export function countHit(): number {
  store.mistakesHits = (store.mistakesHits ?? 0) + 1;
  return store.mistakesHits;
}

export function readHits(): number {
  return store.mistakesHits ?? 0;
}
