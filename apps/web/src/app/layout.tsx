import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { graphqlEndpointFrom } from '../apollo/endpoint';
import { GraphqlProvider } from '../apollo/provider';
import './globals.css';

export const metadata: Metadata = { title: 'Protoscope notebooks' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request so the endpoint comes from the environment the server runs in, not the build's.
  await connection();
  const endpoint = graphqlEndpointFrom(process.env);
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <a href="/" className="brand">
            Protoscope
          </a>
          <span className="muted">notebooks</span>
        </header>
        <main className="page">
          <GraphqlProvider endpoint={endpoint}>{children}</GraphqlProvider>
        </main>
      </body>
    </html>
  );
}
