// The API route: every request to it counts as a hit.
import { countHit } from '../counter';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ hits: countHit() });
}
