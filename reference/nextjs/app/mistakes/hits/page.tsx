// MISTAKE: a Server Component calling its own API route over HTTP.
import { headers } from 'next/headers';

export default async function HitsPage() {
  const host = (await headers()).get('host');
  const response = await fetch(`http://${host}/mistakes/hits/api`, { cache: 'no-store' });
  const { hits } = await response.json();
  return (
    <main>
      <p>Hits: {hits}</p>
    </main>
  );
}
