import type { NextConfig } from 'next';

// Deliberately empty: default behaviour is what we want to observe on the wire.
const nextConfig: NextConfig = {};

export default nextConfig;
