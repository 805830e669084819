// Dynamic segment [pid]: its value is merged into req.query.
import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ query: req.query });
}
