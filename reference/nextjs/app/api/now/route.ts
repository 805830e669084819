// The same handler as /api/time without `export const dynamic`: what a GET handler
// that reads nothing from the request does by default. Next.js 14 stored it at build
// time; 15 and 16 run it for every request (transcripts/next-*/route-handlers/default-get.json).
export async function GET() {
  // Milliseconds since 1970: a different number on every run, so a repeat shows
  // whether the handler ran again.
  return Response.json({ renderedAt: Date.now() });
}
