// FIX for a client that must fetch: a GET route handler, rendered once at build
// time (force-static) and served with cache headers, like any static file.
import { readProducts } from '../data';

export const dynamic = 'force-static';

export async function GET() {
  return Response.json(readProducts());
}
