'use server';
// MISTAKE: 'use server' on a file of components. It does not mean "server component"
// (every component in app/ already is one): it turns each export into a Server Action.
export async function Greeting({ name }: { name: string }) {
  return (
    <p>
      Hello, {name}. Rendered at {new Date().toISOString()}.
    </p>
  );
}
