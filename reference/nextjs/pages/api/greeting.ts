// res.send with a string. It sends the text with a length and an ETag, but with no
// Content-Type: the handler has to set one. Without it, `next start` does not
// compress the answer either (`?untyped` shows that); with it, a body over 1 kB is
// gzipped for clients that accept gzip.
import type { NextApiRequest, NextApiResponse } from 'next';

const line = '<li>Every line of this list repeats, so gzip has an easy job.</li>';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (!('untyped' in req.query)) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
  }
  res.send(`<ul>${line.repeat(20)}</ul>`);
}
