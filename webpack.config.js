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
    ],
  },
  optimization: { minimizer: [new EsbuildPlugin({ target })] },
  devtool: false,
  performance: { hints: false },
});
