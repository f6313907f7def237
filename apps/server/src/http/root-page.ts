/**
 * `GET /`: a small page for whoever opens the server's address in a browser — where the notebook UI
 * is, where the graph is, and how to sign in. It shows nothing of the workspace, so it answers every
 * caller (the Host/Origin checks before it still apply).
 */
import { Router } from 'express';

export interface RootPageLinks {
  /** The notebook UI's origins (`--web-origin`); empty when the server runs without the web app. */
  webOrigins: readonly string[];
  /** The GraphQL path on this server. */
  graphqlPath: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function rootPageHtml(links: RootPageLinks): string {
  const web = links.webOrigins[0];
  const notebook = web
    ? `<p>Notebooks: <a href="${escapeHtml(web)}">${escapeHtml(web)}</a></p>`
    : '<p>Notebooks: this server runs without the notebook UI; <code>protoscope start</code> serves both.</p>';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Protoscope server</title></head><body>',
    '<h1>Protoscope server</h1>',
    notebook,
    `<p>GraphQL: <a href="${escapeHtml(links.graphqlPath)}">${escapeHtml(links.graphqlPath)}</a> (POST, with an API token or a session; subscriptions over graphql-ws on the same path)</p>`,
    '<p>Sign in: <code>protoscope user login-url</code> prints a one-time link; scripts use <code>protoscope token create</code>.</p>',
    '</body></html>',
    '',
  ].join('\n');
}

export function rootPage(links: RootPageLinks): Router {
  const router = Router();
  const html = rootPageHtml(links);
  router.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  return router;
}
