// FIX: read the stream and parse it.
export async function POST(request: Request) {
  const body = await request.json();
  return Response.json({ received: body, typeofBody: typeof body });
}
