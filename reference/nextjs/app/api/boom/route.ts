// A handler that throws: shows what Next sends for an unhandled error.
export async function GET(): Promise<Response> {
  throw new Error('boom');
}
