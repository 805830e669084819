// Echo: a page whose client component calls a Server Action that returns what it got.
import EchoButton from './echo-button';

export const dynamic = 'force-dynamic';

export default function EchoPage() {
  return (
    <main>
      <h1>Echo</h1>
      <EchoButton />
    </main>
  );
}
