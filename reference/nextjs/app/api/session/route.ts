// Cookie options on the wire: each option of cookies().set becomes an attribute of
// the Set-Cookie header, and delete() is a Set-Cookie that expires at once.
import { cookies } from 'next/headers';

export async function POST() {
  const jar = await cookies();
  jar.set('session', 'abc123', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 3600,
  });
  return Response.json({ signedIn: true });
}

export async function DELETE() {
  const jar = await cookies();
  jar.delete('session');
  return new Response(null, { status: 204 });
}
