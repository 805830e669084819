// MISTAKE (plain JavaScript, so no type checker objects): reading params as an
// object. Since Next 15 `params` is a Promise, and in 16 it has no `id` property.
export async function GET(request, { params }) {
  return Response.json({
    id: params.id,
    typeofParams: typeof params,
    paramsIsPromise: params instanceof Promise,
  });
}
