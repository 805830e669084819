// res.redirect with a status first: a permanent redirect.
import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(_req: NextApiRequest, res: NextApiResponse) {
  res.redirect(308, '/api/hello');
}
