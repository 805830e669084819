// res.redirect with no status argument (Next picks the default status).
import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(_req: NextApiRequest, res: NextApiResponse) {
  res.redirect('/api/hello');
}
