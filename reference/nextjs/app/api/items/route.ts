// App Router route handler: one exported function per HTTP method.
import { cookies } from 'next/headers';

type Item = { id: number; [key: string]: unknown };

// Module-level state: lives as long as the server process.
const items: Item[] = [{ id: 1, name: 'first' }];

export async function GET() {
  // Read the `visits` cookie and write it back incremented (becomes Set-Cookie).
  const jar = await cookies();
  const visitsSeen = Number(jar.get('visits')?.value ?? '0');
  jar.set('visits', String(visitsSeen + 1));
  return Response.json({ items, visitsSeen });
}

export async function POST(request: Request) {
  // No automatic body parsing here: the handler decides how to read it.
  const body = await request.json();
  const item: Item = { id: items.length + 1, ...body };
  items.push(item);
  return Response.json(item, { status: 201 });
}
