// MISTAKE: reading request.body as if it were the parsed JSON.
export async function POST(request: Request) {
  const body = request.body; // a ReadableStream of bytes, not the data
  return Response.json({ received: body, typeofBody: typeof body });
}
