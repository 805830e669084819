// The reference app's /dashboard, rearranged for Cache Components: a page may not
// wait for uncached data outside <Suspense> (next build refuses it), so the list
// moves into a boundary of its own. Everything outside the boundaries is the static
// shell, rendered once by `next build`.
import { Suspense } from 'react';
import Counter from './counter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getItems() {
  await sleep(50); // pretend to query a database
  return ['alpha', 'beta', 'gamma'];
}

async function Items() {
  const items = await getItems();
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

// Slow child: its HTML arrives later in the same response.
async function SlowPanel() {
  await sleep(800);
  return <p>Slow panel ready at {new Date().toISOString()}</p>;
}

export default function DashboardPage() {
  return (
    <main>
      <h1>Dashboard</h1>
      <Suspense fallback={<p>Loading items…</p>}>
        <Items />
      </Suspense>
      <Counter start={3} />
      <Suspense fallback={<p>Loading…</p>}>
        <SlowPanel />
      </Suspense>
    </main>
  );
}
