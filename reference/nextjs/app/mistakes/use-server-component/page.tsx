// A page that renders the 'use server' component like any other component.
import { Greeting } from './greeting';

export const dynamic = 'force-dynamic';

export default function UseServerComponentPage() {
  return (
    <main>
      <h1>Welcome</h1>
      <Greeting name="visitor" />
    </main>
  );
}
