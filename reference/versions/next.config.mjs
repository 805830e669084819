// Copied into next-14/ and next-15/ by build.sh (Next 14 reads no next.config.ts).
// As in ../nextjs/next.config.ts, nothing here changes what Next.js sends: the build
// id is pinned so a rebuild keeps it. The route files are typed for Next 16 (params as
// a Promise), which Next 14's build-time type check rejects, so type errors do not
// stop the build; the point of these apps is the same code on an older server.
const nextConfig = {
  generateBuildId: async () => 'RDyLhQjjpiIHxLzC-bPPV',
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
