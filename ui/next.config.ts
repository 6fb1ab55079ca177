import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The API is reached through the route handler in src/app/api/[...path], which reads its address at
  // run time. Compression is off so that Server-Sent Events pass through unbuffered; a reverse proxy in
  // front of the UI can compress the rest.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  images: { unoptimized: true },
};

export default nextConfig;
