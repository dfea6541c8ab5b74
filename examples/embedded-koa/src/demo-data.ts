import { randomBytes } from 'node:crypto';
import type { ClientMetadata } from '@oidc-kit/core';

/** The demo reader, in the provider's in-memory account store. */
export const DEMO_READER = {
  id: 'reader-1',
  username: 'reader',
  email: 'reader@pinecone.example',
  password: 'read all the books',
  name: 'Robin Reader',
};

/**
 * The shop's own relying party (the Book Club pages). It runs in this process, so its secret is
 * fresh at every start and never written anywhere.
 */
export function bookClubClient(origin: string): ClientMetadata & { client_secret: string } {
  return {
    client_id: 'pinecone-book-club',
    client_secret: randomBytes(24).toString('base64url'),
    client_name: 'Pinecone Book Club',
    redirect_uris: [`${origin}/club/callback`],
    post_logout_redirect_uris: [`${origin}/club`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'openid profile email',
  };
}

export const BOOKS = [
  { title: 'The Overstory', author: 'Richard Powers' },
  { title: 'A Wizard of Earthsea', author: 'Ursula K. Le Guin' },
  { title: 'Braiding Sweetgrass', author: 'Robin Wall Kimmerer' },
  { title: 'The Hidden Life of Trees', author: 'Peter Wohlleben' },
];
