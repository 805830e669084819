// Way 1, an API Route (Pages Router): one handler receives every method.
import type { NextApiRequest, NextApiResponse } from 'next';
import { addLine, newCart, parseLine } from '../../lib/cart';

// This route's own cart: module state, as long as the server process lives.
const cart = newCart();

// ANCHOR: handler
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'GET') {
    res.status(200).json(cart);
    return;
  }
  if (req.method === 'POST') {
    // Next.js has parsed the JSON body already (a text body stays a string).
    const parsed = parseLine(req.body?.productId, req.body?.quantity);
    if ('error' in parsed) {
      res.status(400).json({ error: parsed.error });
      return;
    }
    res.status(201).json(addLine(cart, parsed.line));
    return;
  }
  res.setHeader('Allow', ['GET', 'POST']);
  res.status(405).json({ error: `Method ${req.method} Not Allowed` });
}
// ANCHOR_END: handler
