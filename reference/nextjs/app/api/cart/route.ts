// Way 2, a Route Handler (App Router): one exported function per method.
import { addLine, newCart, parseLine } from '../../../lib/cart';

// This route's own cart: module state, as long as the server process lives.
const cart = newCart();

// ANCHOR: handlers
export async function GET() {
  return Response.json(cart);
}

export async function POST(request: Request) {
  // Nothing is parsed for us; a body that is not JSON would make json() throw.
  let body: { productId?: unknown; quantity?: unknown } | null;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'body must be JSON' }, { status: 400 });
  }
  const parsed = parseLine(body?.productId, body?.quantity);
  if ('error' in parsed) {
    return Response.json({ error: parsed.error }, { status: 400 });
  }
  return Response.json(addLine(cart, parsed.line), { status: 201 });
}
// ANCHOR_END: handlers
