// Pages Router: the same code works here, because Next parses the body first.
import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ received: req.body, typeofBody: typeof req.body });
}
