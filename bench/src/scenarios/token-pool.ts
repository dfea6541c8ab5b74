import { BASIC_AUTH, SERVICE_SCOPE } from '../fixtures.js';
import { BrowserSession } from '../runner/http-client.js';

/** Issues `count` real client_credentials tokens over HTTP (a few requests at a time). */
export async function issueClientCredentialsTokens(origin: string, count: number): Promise<string[]> {
  const client = new BrowserSession();
  const tokens: string[] = [];
  const body = `grant_type=client_credentials&scope=${SERVICE_SCOPE}`;
  const one = async () => {
    const response = await client.send('POST', `${origin}/token`, { body, headers: { authorization: BASIC_AUTH } });
    if (response.status !== 200) throw new Error(`could not issue a token: ${response.status} ${response.body.slice(0, 200)}`);
    return String((JSON.parse(response.body) as { access_token: string }).access_token);
  };
  for (let done = 0; done < count; done += 20) {
    tokens.push(...(await Promise.all(Array.from({ length: Math.min(20, count - done) }, one))));
  }
  return tokens;
}
