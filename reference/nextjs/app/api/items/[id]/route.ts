// Dynamic App Router segment: params arrive as a Promise.
import type { NextRequest } from 'next/server';

export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ id: string }> },
) {
  const { id } = await params;
  // Repeated keys collapse: fromEntries keeps the last value.
  const search = Object.fromEntries(request.nextUrl.searchParams);
  return Response.json({ id, search });
}
