// ANCHOR: file
// Async server component page with a streamed Suspense boundary.
import { Suspense } from 'react';
import Counter from './counter';

// Render on every request (never prerendered), so streaming is observable.
export const dynamic = 'force-dynamic';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getItems() {
  await sleep(50); // pretend to query a database
  return ['alpha', 'beta', 'gamma'];
}

// Slow child: its HTML arrives later in the same response.
async function SlowPanel() {
  await sleep(800);
  return <p>Slow panel ready at {new Date().toISOString()}</p>;
}

export default async function DashboardPage() {
  const items = await getItems();
  return (
    <main>
      <h1>Dashboard</h1>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <Counter start={3} />
      {/* ANCHOR: suspense */}
      <Suspense fallback={<p>Loading…</p>}>
        <SlowPanel />
      </Suspense>
      {/* ANCHOR_END: suspense */}
    </main>
  );
}
// ANCHOR_END: file
