// FIX: call the function the route handler calls; no HTTP request leaves the server.
import { readHits } from '../counter';

export const dynamic = 'force-dynamic';

export default function HitsDirectPage() {
  return (
    <main>
      <p>Hits: {readHits()}</p>
    </main>
  );
}
