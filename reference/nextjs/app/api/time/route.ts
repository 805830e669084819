// A GET handler opted in to caching: Next.js runs it once, at build time, and serves
// the stored answer to every request until the next build.
export const dynamic = 'force-static';

export async function GET() {
  // Milliseconds since 1970: a different number on every run, so a repeat shows
  // whether the handler ran again.
  return Response.json({ renderedAt: Date.now() });
}
