// ANCHOR: file
// Pages Router API route: one handler receives every method; it dispatches itself.
import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'GET') {
    // Next has already parsed the query string and the Cookie header for us.
    res.status(200).json({
      message: 'Hello from the Pages Router',
      query: req.query,
      cookies: req.cookies,
    });
    return;
  }

  if (req.method === 'POST') {
    // req.body was filled by the built-in body parser according to Content-Type.
    res.status(201).json({
      received: req.body,
      typeofBody: typeof req.body,
      contentType: req.headers['content-type'] ?? null,
    });
    return;
  }

  // ANCHOR: not_allowed
  // Anything else: say which methods exist, then refuse.
  res.setHeader('Allow', ['GET', 'POST']);
  res.status(405).end(`Method ${req.method} Not Allowed`);
  // ANCHOR_END: not_allowed
}
// ANCHOR_END: file
