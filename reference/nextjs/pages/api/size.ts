// Reports how much body reached the handler, without echoing it back.
import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ typeofBody: typeof req.body, length: req.body.length });
}
