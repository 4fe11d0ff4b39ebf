// Builds the browser client: client/index.tsx → dist/client/app.js (served at /static/app.js).
// The name carries no content hash: the server serves it with revalidation (ETag / no-cache).
const path = require('path');
const { EsbuildPlugin } = require('esbuild-loader');

const target = 'es2020';

/** @type {(env: unknown, argv: { mode?: 'production' | 'development' }) => import('webpack').Configuration} */
module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'production',
  entry: { app: './client/index.tsx' },
  output: {
    path: path.resolve(__dirname, 'dist/client'),
    filename: '[name].js',
    // Asset modules (the fonts) are served next to app.js, from our own origin (CSP font-src 'self').
    publicPath: '/static/',
    assetModuleFilename: 'fonts/[name].[contenthash:8][ext]',
    clean: true,
  },
  resolve: { extensions: ['.tsx', '.ts', '.js'] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        loader: 'esbuild-loader',
        options: { target, jsx: 'automatic' },
      },
      { test: /\.woff2$/, type: 'asset/resource' },
    ],
  },
  optimization: { minimizer: [new EsbuildPlugin({ target })] },
  devtool: false,
  performance: { hints: false },
});
